import type { ServiceName } from '../platform/services';

/** CPU/memory of one container, as Kubernetes quantities. */
export interface Resources {
  readonly cpu: string;
  readonly memory: string;
}

/** How big a service runs on a target. */
export interface ServiceSizing {
  readonly requests: Resources;
  readonly limits: Resources;
  /** Autoscaler bounds; the HPA owns the replica count. */
  readonly replicas: { readonly min: number; readonly max: number };
}

export type Environment = 'staging' | 'production';

/**
 * Sizing every target starts from, per environment; an overlay overrides only what differs.
 * Requests are what a pod needs at its usual load (the HPA scales on them), limits leave headroom
 * for bursts. Production runs at least 3 pods of each user-facing service, spread over zones.
 */
export const SIZING_DEFAULTS: Readonly<Record<Environment, Readonly<Record<ServiceName, ServiceSizing>>>> = {
  production: {
    'web': { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' }, replicas: { min: 3, max: 12 } },
    'moderation-api': { requests: { cpu: '500m', memory: '768Mi' }, limits: { cpu: '2', memory: '1536Mi' }, replicas: { min: 3, max: 20 } },
    'moderation-worker': { requests: { cpu: '500m', memory: '768Mi' }, limits: { cpu: '2', memory: '1536Mi' }, replicas: { min: 2, max: 12 } },
    'ml-inference': { requests: { cpu: '2', memory: '6Gi' }, limits: { cpu: '4', memory: '8Gi' }, replicas: { min: 2, max: 8 } },
  },
  staging: {
    'web': { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' }, replicas: { min: 1, max: 3 } },
    'moderation-api': { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' }, replicas: { min: 1, max: 3 } },
    'moderation-worker': { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' }, replicas: { min: 1, max: 3 } },
    'ml-inference': { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '6Gi' }, replicas: { min: 1, max: 2 } },
  },
};

/** The smallest autoscaler minimum a production service may have (one pod can always be drained). */
export const PRODUCTION_MIN_REPLICAS = 2;
