/** Ingress, in `networking.k8s.io` and the legacy `extensions` group: gitops-engine's health_ingress.go. */
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { type GroupHealthChecks, arrayOf, health } from './shared';

/** health_ingress.go: Healthy once the load balancer reports an address, any API version. */
function ingressHealth(object: KubeObject): HealthStatus {
  return health(arrayOf(object.status?.loadBalancer?.ingress).length > 0 ? 'Healthy' : 'Progressing');
}

export const NETWORKING: GroupHealthChecks = {
  groups: ['networking.k8s.io', 'extensions'],
  kinds: { Ingress: ingressHealth },
};
