import type { k8s } from 'cdk8s-plus-28';
import type { ApplicationSpecIgnoreDifferences } from '../../imports/applications-argoproj.io';
import type { SecretSpec } from '../secrets/credentials';
import type { WorkloadScaling } from '../workloads/workload';
import type { ServiceName, SingleHostServiceName } from './services';

/**
 * An endpoint that stands in front of a managed service, such as a connection pooler in front of
 * PostgreSQL: the platform's services are configured with it, and their NetworkPolicies reach it
 * instead of the managed service's own port: its pods when it runs in the cluster, its address
 * ranges when the provider runs it (DigitalOcean's managed pools).
 */
export type ServiceEndpoint = {
  /**
   * DNS name, e.g. `pgbouncer.moderation.svc.cluster.local`. @default the managed service's own
   * host, from its endpoint Secret (a provider's pool on the database's host, on another port)
   */
  readonly host?: string;
  readonly port: number;
} & (
  | {
      /** Labels of the pods behind it, for NetworkPolicies. */
      readonly podLabels: Readonly<Record<string, string>>;
    }
  | {
      /** The address ranges it listens in, outside the cluster, for NetworkPolicies. */
      readonly cidrs: readonly string[];
    }
);

/**
 * What features hand to each other, computed from the target before any chart is built, so a feature
 * extends another without editing it: the secrets feature syncs every contributed credential, the
 * workloads feature lets a contributed owner scale a service and points services at contributed
 * endpoints, the network feature admits traffic to them.
 */
export interface Contributions {
  /** Credentials to sync (one Secret each), beside the catalogue's own. */
  readonly credentials: readonly SecretSpec[];
  /** Services whose replica count a feature owns instead of the default HPA. */
  readonly scaling: Readonly<Partial<Record<ServiceName, WorkloadScaling>>>;
  /** Managed services that the platform's services reach through another endpoint (a pooler). */
  readonly endpoints: Readonly<Partial<Record<SingleHostServiceName, ServiceEndpoint>>>;
  /** Extra environment of a service's container. */
  readonly env: Readonly<Partial<Record<ServiceName, readonly k8s.EnvVar[]>>>;
  /**
   * In-cluster endpoints a feature runs that a service calls, beside the calls of the services
   * catalogue (a flag service): the network feature allows the service's egress to them.
   */
  readonly egress: Readonly<Partial<Record<ServiceName, readonly ServiceEndpoint[]>>>;
  /**
   * Fields of rendered objects that a controller changes after Argo CD applies them (the backend
   * weights an Argo Rollouts plugin sets on HTTPRoutes during a canary, the replicas it scales a
   * Deployment to): the Application's `ignoreDifferences`, so Argo CD neither reports them as
   * drift nor, with `RespectIgnoreDifferences`, puts the Git values back in the middle of a rollout.
   */
  readonly ignoreDifferences: readonly ApplicationSpecIgnoreDifferences[];
}

export const NO_CONTRIBUTIONS: Contributions = { credentials: [], scaling: {}, endpoints: {}, env: {}, egress: {}, ignoreDifferences: [] };

/**
 * Merges what the features contribute. Two features claiming the same service's scaling or the same
 * endpoint is a programming error (the registry composes them), reported with both feature ids.
 */
export function mergeContributions(parts: readonly { readonly feature: string; readonly contributes: Partial<Contributions> }[]): Contributions {
  const owners = new Map<string, string>();
  const claim = (what: string, feature: string) => {
    const previous = owners.get(what);
    if (previous) throw new Error(`features "${previous}" and "${feature}" both provide ${what}`);
    owners.set(what, feature);
  };
  const merged = {
    credentials: [] as SecretSpec[],
    scaling: {} as Record<string, WorkloadScaling>,
    endpoints: {} as Record<string, ServiceEndpoint>,
    env: {} as Record<string, k8s.EnvVar[]>,
    egress: {} as Record<string, ServiceEndpoint[]>,
    ignoreDifferences: [] as ApplicationSpecIgnoreDifferences[],
  };
  for (const { feature, contributes } of parts) {
    merged.credentials.push(...(contributes.credentials ?? []));
    for (const [service, scaling] of Object.entries(contributes.scaling ?? {})) {
      claim(`the scaling of ${service}`, feature);
      merged.scaling[service] = scaling;
    }
    for (const [backing, endpoint] of Object.entries(contributes.endpoints ?? {})) {
      claim(`the endpoint of ${backing}`, feature);
      merged.endpoints[backing] = endpoint;
    }
    for (const [service, env] of Object.entries(contributes.env ?? {})) (merged.env[service] ??= []).push(...env);
    for (const [service, endpoints] of Object.entries(contributes.egress ?? {})) (merged.egress[service] ??= []).push(...endpoints);
    merged.ignoreDifferences.push(...(contributes.ignoreDifferences ?? []));
  }
  return merged;
}
