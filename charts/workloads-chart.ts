import type { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { Target } from './config/target';
import { backingServiceHost } from './backing-services-chart';
import { PlatformChart } from './platform-chart';
import { PLATFORM_SERVICES, SERVICE_NAMES, type BackingServiceName, type PlatformService, type ServiceName } from './platform/services';
import { secretWiring } from './secrets/wiring';
import { Workload } from './workload';

/** `moderation-api` → `MODERATION_API`. */
const envPrefix = (name: string) => name.toUpperCase().replace(/-/g, '_');

/** The image reference of a service on a target: `registry/name:tag` or `registry/name@sha256:...`. */
export function imageOf(target: Target, name: ServiceName): string {
  const version = target.images.versions[name];
  return `${target.images.registry}/${name}${version.startsWith('sha256:') ? '@' : ':'}${version}`;
}

/**
 * The `app.kubernetes.io/version` label of an image version. Label values cannot hold a digest
 * (`:` and 71 characters), so a digest is shortened to `sha256-<first 12 hex digits>`.
 */
export function versionLabel(version: string): string {
  const [tag, digest] = version.startsWith('sha256:') ? ['', version] : version.split('@');
  return tag || `sha256-${digest.slice('sha256:'.length, 'sha256:'.length + 12)}`;
}

/**
 * Non-secret configuration of a service: where the services it calls and the managed services it
 * uses are. Managed services are reached through their in-cluster ExternalName; the real host is
 * passed too, as the name to verify the server's TLS certificate against.
 */
export function configEnv(target: Target, service: PlatformService): k8s.EnvVar[] {
  const env: k8s.EnvVar[] = [
    { name: 'ENVIRONMENT', value: target.environment },
    { name: 'PORT', value: String(service.httpPort) },
    { name: 'METRICS_PORT', value: String(service.metrics.port) },
  ];
  for (const callee of service.calls) {
    const { httpPort } = PLATFORM_SERVICES[callee];
    env.push({ name: `${envPrefix(callee)}_URL`, value: `http://${callee}.${target.namespace}.svc.cluster.local:${httpPort}` });
  }
  for (const used of service.uses as readonly BackingServiceName[]) {
    const endpoint = target.backingServices[used];
    const prefix = envPrefix(used);
    env.push(
      { name: `${prefix}_HOST`, value: backingServiceHost(target, used) },
      { name: `${prefix}_PORT`, value: String(endpoint.port) },
      { name: `${prefix}_TLS_SERVER_NAME`, value: endpoint.host },
    );
  }
  return env;
}

/** The platform's four services, each as a `Workload` reading only its own Secret (charts/secrets/wiring.ts). */
export class WorkloadsChart extends PlatformChart {
  readonly workloads: Readonly<Record<ServiceName, Workload>>;

  constructor(scope: Construct, id: string, target: Target) {
    super(scope, id, { target, component: 'workload' });
    const workloads = {} as Record<ServiceName, Workload>;
    for (const name of SERVICE_NAMES) {
      const service = PLATFORM_SERVICES[name];
      const secrets = secretWiring(target.cloud, name);
      workloads[name] = new Workload(this, name, {
        target,
        service,
        sizing: target.services[name],
        image: imageOf(target, name),
        version: versionLabel(target.images.versions[name]),
        env: [...configEnv(target, service), ...secrets.env],
        imagePullSecrets: secrets.imagePullSecrets,
        annotations: secrets.annotations,
        zoneSpread: target.cloud === 'eks' ? 'DoNotSchedule' : 'ScheduleAnyway',
      });
    }
    this.workloads = workloads;
  }
}
