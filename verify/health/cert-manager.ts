/** The `cert-manager.io` group: Argo CD's `cert-manager.io/{Certificate,Issuer,ClusterIssuer}/health.lua`. */
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { type GroupHealthChecks, TRUE, conditionsOf, health, readyVerdict } from './shared';

/** cert-manager.io/Certificate/health.lua: Issuing True first (a re-issue is Progressing even while Ready is False), then Ready. */
function certificateHealth(object: KubeObject): HealthStatus {
  const issuing = conditionsOf(object.status?.conditions).find((c) => c.type === 'Issuing' && c.status === TRUE);
  if (issuing) return health('Progressing', issuing.message ?? '');
  return readyVerdict(object) ?? health('Progressing', 'Waiting for certificate');
}

/** cert-manager.io/{Issuer,ClusterIssuer}/health.lua: the Ready condition, else `waiting`. */
const issuerHealth =
  (waiting: string) =>
  (object: KubeObject): HealthStatus =>
    readyVerdict(object) ?? health('Progressing', waiting);

export const CERT_MANAGER: GroupHealthChecks = {
  groups: ['cert-manager.io'],
  kinds: {
    Certificate: certificateHealth,
    Issuer: issuerHealth('Initializing issuer'),
    ClusterIssuer: issuerHealth('Initializing ClusterIssuer'),
  },
};
