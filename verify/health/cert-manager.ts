/** The `cert-manager.io` group: Argo CD's `cert-manager.io/{Certificate,Issuer,ClusterIssuer}/health.lua`. */
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { type GroupHealthChecks, TRUE, conditionsOf, health, readyOrWaiting } from './shared';

/** cert-manager.io/Certificate/health.lua: Issuing True first (a re-issue is Progressing even while Ready is False), then Ready. */
function certificateHealth(object: KubeObject): HealthStatus {
  const issuing = conditionsOf(object.status?.conditions).find((c) => c.type === 'Issuing' && c.status === TRUE);
  if (issuing) return health('Progressing', issuing.message ?? '');
  return readyOrWaiting('Waiting for certificate')(object);
}

/** cert-manager.io/{Issuer,ClusterIssuer}/health.lua: the Ready condition, else a waiting message. */
const issuerHealth = readyOrWaiting;

export const CERT_MANAGER: GroupHealthChecks = {
  groups: ['cert-manager.io'],
  kinds: {
    Certificate: certificateHealth,
    Issuer: issuerHealth('Initializing issuer'),
    ClusterIssuer: issuerHealth('Initializing ClusterIssuer'),
  },
};
