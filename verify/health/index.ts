/**
 * Health assessment with Argo CD's vocabulary and rules, so that `verify` and Argo CD v3.5.1 agree on the
 * same object. Pure: no I/O, no clock. Layered as kstatus is:
 *
 * 1. generic: an object being deleted is Progressing "Pending deletion" (gitops-engine `GetResourceHealth`);
 * 2. the rule for the object's kind, one file per API group. Built-in kinds follow gitops-engine's
 *    `pkg/health/health_*.go` (vendored in argo-cd as `gitops-engine/`), custom resources the Lua scripts
 *    Argo CD ships in `resource_customizations/<group>/<Kind>/health.lua`, Crossplane groups its wildcard
 *    scripts. Whether a rule first checks `status.observedGeneration` against `metadata.generation`, and at
 *    which point, is part of each upstream rule, so it stays inside the rule;
 * 3. kinds without a rule: a fallback on `status.observedGeneration` and a `Ready` condition, Healthy when
 *    the status says nothing (see `fallbackHealth`).
 *
 * Never throws: where Argo CD's rule fails (an API version gitops-engine has no type for, a Lua runtime
 * error), the result is Unknown with the error as message, as in Argo CD.
 */
import { parseApiVersion } from '../../core/kinds';
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { APPS } from './apps';
import { ARGOPROJ } from './argoproj';
import { AUTOSCALING } from './autoscaling';
import { BATCH } from './batch';
import { CERT_MANAGER } from './cert-manager';
import { CORE } from './core';
import { CROSSPLANE_PACKAGES, crossplaneWildcard } from './crossplane';
import { EXTERNAL_SECRETS } from './external-secrets';
import { GATEWAY_API } from './gateway-api';
import { fallbackHealth, pendingDeletion } from './generic';
import { KEDA } from './keda';
import { MONITORING } from './monitoring';
import { NETWORKING } from './networking';
import { POLICY } from './policy';
import { type GroupHealthChecks, type HealthCheck, health } from './shared';

const GROUPS: readonly GroupHealthChecks[] = [
  CORE, APPS, BATCH, AUTOSCALING, POLICY, NETWORKING, CERT_MANAGER, EXTERNAL_SECRETS, KEDA, GATEWAY_API, ARGOPROJ, MONITORING, CROSSPLANE_PACKAGES,
];

/** Rules by `<group>/<Kind>` (the core group is ""), any version. */
const CHECKS: ReadonlyMap<string, HealthCheck> = new Map(
  GROUPS.flatMap(({ groups, kinds }) => groups.flatMap((group) => Object.entries(kinds).map(([kind, check]) => [`${group}/${kind}`, check] as const))),
);

/** The rule for a kind: an exact one first, then a wildcard, in the order Argo CD looks scripts up. */
function checkFor(apiVersion: string, kind: string): HealthCheck | undefined {
  const { group } = parseApiVersion(apiVersion);
  return CHECKS.get(`${group}/${kind}`) ?? crossplaneWildcard(group);
}

/** True when `assessHealth` has a rule for this kind (others take the Ready-condition fallback). */
export function hasHealthCheck(apiVersion: string, kind: string): boolean {
  return checkFor(apiVersion, kind) !== undefined;
}

/** The health of a live object, as Argo CD v3.5.1 would assess it. Never throws: a failing rule is Unknown. */
export function assessHealth(object: KubeObject): HealthStatus {
  try {
    const check = checkFor(object.apiVersion, object.kind);
    return pendingDeletion(object) ?? (check ? check(object) : fallbackHealth(object));
  } catch (error) {
    return health('Unknown', error instanceof Error ? error.message : String(error));
  }
}
