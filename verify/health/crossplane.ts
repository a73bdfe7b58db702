/**
 * Crossplane: Argo CD's wildcard scripts `_.crossplane.io/_/health.lua` and `_.upbound.io/_/health.lua`,
 * which apply to every kind of every group ending in `.crossplane.io` / `.upbound.io` (managed resources
 * such as `*.aws.m.upbound.io` or `*.digitalocean.m.crossplane.io`, composites, package objects…), plus
 * the one exact script those fixtures exercise, `pkg.crossplane.io/Provider/health.lua`, which takes
 * precedence over the wildcard as every exact script does in Argo CD. The other exact scripts under
 * Crossplane groups (the legacy provider-aws `{cloudfront,iam,rds,route53,s3}.aws.crossplane.io` kinds,
 * `stacks.crossplane.io/ClusterStackInstall`) are not mirrored: those kinds get the wildcard here.
 */
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { FALSE, type GroupHealthChecks, type HealthCheck, TRUE, concat, conditionsOf, health, isEmptyTable, isPresent } from './shared';

const UP_TO_DATE = 'Resource is up-to-date.';

/** What distinguishes the two wildcard scripts. */
interface CrossplaneFlavour {
  /** Kinds that legitimately have no status (configuration objects). */
  noStatusKinds: readonly string[];
  /** Condition types whose status True means Healthy. */
  healthyTypes: readonly string[];
}

const CROSSPLANE_IO: CrossplaneFlavour = {
  noStatusKinds: ['Composition', 'CompositionRevision', 'DeploymentRuntimeConfig', 'ClusterProviderConfig', 'ProviderConfig', 'ProviderConfigUsage', 'ControllerConfig'],
  healthyTypes: ['Ready', 'Healthy', 'Offered', 'Established', 'ValidPipeline', 'RevisionHealthy'],
};

const UPBOUND_IO: CrossplaneFlavour = {
  noStatusKinds: ['ClusterProviderConfig', 'ProviderConfig', 'ProviderConfigUsage'],
  healthyTypes: ['Ready'],
};

/** Condition types whose status False is Degraded, with the condition's message. */
const FAILING_TYPES: readonly string[] = ['LastAsyncOperation', 'Synced'];

const PROVIDER_CONFIG_KINDS: readonly string[] = ['ProviderConfig', 'ClusterProviderConfig'];

/**
 * The wildcard scripts. As written upstream (`status == nil or next(status) == nil and <no-status kind>`),
 * an object with no status at all is Healthy whatever its kind; an empty status is Healthy only for the
 * no-status kinds. Otherwise: Synced or LastAsyncOperation False is Degraded; a healthy condition True is
 * Healthy; else Progressing "Provisioning ...". A ProviderConfig without conditions but with users is Healthy.
 */
function crossplaneHealth(flavour: CrossplaneFlavour): HealthCheck {
  return (object) => {
    const status = object.status;
    if (!isPresent(status) || (isEmptyTable(status) && flavour.noStatusKinds.includes(object.kind))) return health('Healthy', UP_TO_DATE);
    if (isEmptyTable(status) || !isPresent(status.conditions)) {
      if (PROVIDER_CONFIG_KINDS.includes(object.kind) && isPresent(status.users)) return health('Healthy', 'Resource is in use.');
      return health('Progressing', 'Provisioning ...');
    }
    let result = health('Progressing', 'Provisioning ...');
    for (const condition of conditionsOf(status.conditions)) {
      if (FAILING_TYPES.includes(condition.type ?? '') && condition.status === FALSE) return health('Degraded', condition.message ?? '');
      if (flavour.healthyTypes.includes(condition.type ?? '') && condition.status === TRUE) result = health('Healthy', UP_TO_DATE);
    }
    return result;
  };
}

const WILDCARDS: readonly (readonly [suffix: string, check: HealthCheck])[] = [
  ['.crossplane.io', crossplaneHealth(CROSSPLANE_IO)],
  ['.upbound.io', crossplaneHealth(UPBOUND_IO)],
];

/** The wildcard script for a group, if it is a Crossplane one (`_` in the script's folder matches any prefix). */
export function crossplaneWildcard(group: string): HealthCheck | undefined {
  return WILDCARDS.find(([suffix]) => group.endsWith(suffix))?.[1];
}

/**
 * pkg.crossplane.io/Provider/health.lua: Healthy when both Installed and Healthy are True, else Degraded,
 * the message being both conditions' reasons (a missing one makes the script fail: Unknown).
 */
function providerHealth(object: KubeObject): HealthStatus {
  if (!isPresent(object.status?.conditions)) return health('Progressing', 'Waiting for provider to be installed');
  const conditions = conditionsOf(object.status.conditions);
  const installed = conditions.filter((c) => c.type === 'Installed').at(-1);
  const healthy = conditions.filter((c) => c.type === 'Healthy').at(-1);
  const message = concat(installed?.reason, ' ', healthy?.reason);
  return health(installed?.status === TRUE && healthy?.status === TRUE ? 'Healthy' : 'Degraded', message);
}

export const CROSSPLANE_PACKAGES: GroupHealthChecks = {
  groups: ['pkg.crossplane.io'],
  kinds: { Provider: providerHealth },
};
