import type { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { CloudProfile } from '../cloud/profile';
import type { Target } from '../config/target';
import { endpointKeyRef, isEstateService } from '../infra/endpoints';
import { backingServiceHost } from '../network/backing-services-chart';
import type { Contributions } from '../platform/contributions';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';
import { PLATFORM_SERVICES, SERVICE_NAMES, type PlatformService, type ServiceName } from '../platform/services';
import { secretWiring } from '../secrets/wiring';
import { appLabels, PART_OF, PLATFORM_VERSION, selectorLabels } from '../platform/labels';
import { PriorityClasses, priorityClassName } from './priority-classes';
import { isDigestPinned } from './rules';
import { Workload, type WorkloadImage, type WorkloadScaling } from './workload';

/** `moderation-api` → `MODERATION_API`. */
const envPrefix = (name: string) => name.toUpperCase().replace(/-/g, '_');

/**
 * The `app.kubernetes.io/version` label of an image version. Label values cannot hold a digest
 * (`:` and 71 characters), so a digest is shortened to `sha256-<first 12 hex digits>`.
 */
export function versionLabel(version: string): string {
  const [tag, digest] = version.startsWith('sha256:') ? ['', version] : version.split('@');
  return tag || `sha256-${digest.slice('sha256:'.length, 'sha256:'.length + 12)}`;
}

/** The mechanism each Kafka authentication maps to in the clients' `sasl.mechanism` (librdkafka's names). */
const KAFKA_SASL_MECHANISMS = { 'aws-msk-iam': 'OAUTHBEARER', 'scram_sha256': 'SCRAM-SHA-256', 'scram_sha512': 'SCRAM-SHA-512' } as const;

/**
 * How a service's Kafka client signs in on its cloud (`CloudProfile.kafkaAuth`): always TLS, with
 * SCRAM and the synced user, or with MSK IAM through the service's Pod Identity role (OAUTHBEARER
 * with the AWS signer; no credential exists).
 */
export function kafkaClientEnv(cloud: CloudProfile): k8s.EnvVar[] {
  const auth = cloud.kafkaAuth;
  const mechanism = auth.kind === 'scram' ? KAFKA_SASL_MECHANISMS[auth.mechanism] : KAFKA_SASL_MECHANISMS[auth.kind];
  return [
    { name: 'KAFKA_SECURITY_PROTOCOL', value: 'SASL_SSL' },
    { name: 'KAFKA_SASL_MECHANISM', value: mechanism },
    { name: 'KAFKA_AUTH', value: auth.kind },
  ];
}

/** The environment variable every Kafka client (and KEDA's lag scaler) reads the bootstrap brokers from. */
export const KAFKA_BOOTSTRAP_SERVERS_ENV = 'KAFKA_BOOTSTRAP_SERVERS';

/**
 * Non-secret configuration of a service: where the services it calls and the managed services it
 * uses are. The endpoints of the managed services the cloud estate creates are read from their
 * endpoint Secrets (charts/infra/endpoints.ts), never typed: `<SVC>_HOST`, `<SVC>_PORT`, and the
 * host again as the name to verify the server's TLS certificate against, which stays the managed
 * host when a feature puts an endpoint in front (a pooler). The model registry is reached through
 * its in-cluster ExternalName.
 */
export function configEnv(target: Target, cloud: CloudProfile, service: PlatformService, endpoints: Contributions['endpoints'] = {}): k8s.EnvVar[] {
  const env: k8s.EnvVar[] = [
    { name: 'ENVIRONMENT', value: target.environment },
    { name: 'PORT', value: String(service.httpPort) },
    { name: 'METRICS_PORT', value: String(service.metrics.port) },
  ];
  for (const callee of service.calls) {
    const { httpPort } = PLATFORM_SERVICES[callee];
    env.push({ name: `${envPrefix(callee)}_URL`, value: `http://${callee}.${target.namespace}.svc.cluster.local:${httpPort}` });
  }
  for (const used of service.uses) {
    const prefix = envPrefix(used);
    if (used === 'kafka') {
      env.push({ name: KAFKA_BOOTSTRAP_SERVERS_ENV, valueFrom: endpointKeyRef('kafka', 'brokers') }, ...kafkaClientEnv(cloud));
      continue;
    }
    if (!isEstateService(used)) {
      const managed = target.backingServices[used];
      env.push(
        { name: `${prefix}_HOST`, value: backingServiceHost(target, used) },
        { name: `${prefix}_PORT`, value: String(managed.port) },
        { name: `${prefix}_TLS_SERVER_NAME`, value: managed.host },
      );
      continue;
    }
    const via = endpoints[used];
    env.push(
      via?.host !== undefined ? { name: `${prefix}_HOST`, value: via.host } : { name: `${prefix}_HOST`, valueFrom: endpointKeyRef(used, 'host') },
      via ? { name: `${prefix}_PORT`, value: String(via.port) } : { name: `${prefix}_PORT`, valueFrom: endpointKeyRef(used, 'port') },
      { name: `${prefix}_TLS_SERVER_NAME`, valueFrom: endpointKeyRef(used, 'host') },
    );
  }
  return env;
}

export interface WorkloadsChartProps extends FeatureChartProps {
  /**
   * What other features provide: who owns a service's replica count instead of the default HPA (a
   * KEDA ScaledObject: `{ owner: 'external' }`; a Rollout: an HPA aimed at it), endpoints in front of
   * managed services, extra environment. @default nothing: an HPA on each Deployment
   */
  readonly contributions?: Contributions;
}

/**
 * An image of a repository at a version (a tag, a digest or `tag@digest`), pulled as every workload's
 * is: by digest from the node's cache, by tag always from the registry.
 */
export function workloadImage(repository: string, version: string): WorkloadImage {
  const reference = `${repository}${version.startsWith('sha256:') ? '@' : ':'}${version}`;
  return { reference, version: versionLabel(version), pullPolicy: isDigestPinned(version) ? 'IfNotPresent' : 'Always' };
}

/** A service's image, from the target's registry and version. */
export function imageOf(target: Target, name: ServiceName): WorkloadImage {
  return workloadImage(`${target.images.registry}/${name}`, target.images.versions[name]);
}

/**
 * The platform's four services, each as a `Workload` reading only its own Secret
 * (charts/secrets/wiring.ts), and the PriorityClasses of their tiers.
 */
export class WorkloadsChart extends PlatformChart {
  readonly workloads: Readonly<Record<ServiceName, Workload>>;
  readonly priorityClasses: PriorityClasses;

  constructor(scope: Construct, id: string, props: WorkloadsChartProps) {
    const { target, cloud } = props;
    super(scope, id, { target, component: 'workload' });
    this.priorityClasses = new PriorityClasses(this, 'priority-classes', { labels: appLabels(target, { name: PART_OF, component: 'scheduling', version: PLATFORM_VERSION }) });
    const defaultScaling = (name: ServiceName): WorkloadScaling => ({ owner: 'hpa', minReplicas: target.services[name].replicas.min, maxReplicas: target.services[name].replicas.max });
    const workloads = {} as Record<ServiceName, Workload>;
    for (const name of SERVICE_NAMES) {
      const service = PLATFORM_SERVICES[name];
      const secrets = secretWiring(target, cloud, name);
      const image = imageOf(target, name);
      workloads[name] = new Workload(this, name, {
        service,
        namespace: target.namespace,
        labels: appLabels(target, { name, component: service.component, version: image.version }),
        selector: selectorLabels(name, target),
        image,
        resources: target.services[name],
        scaling: props.contributions?.scaling[name] ?? defaultScaling(name),
        priorityClassName: priorityClassName(service.tier),
        zoneSpread: cloud.zoneSpread,
        env: [...configEnv(target, props.cloud, service, props.contributions?.endpoints), ...(props.contributions?.env[name] ?? []), ...secrets.env],
        imagePullSecrets: secrets.imagePullSecrets,
        annotations: secrets.annotations,
      });
    }
    this.workloads = workloads;
  }
}
