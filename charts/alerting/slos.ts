import type { ServiceName } from '../platform/services';

/**
 * The platform's service level objectives, as data: what each user-facing service promises, over
 * which period, measured from which metric (resolved for a target in ./sli.ts). The burn-rate rules (./slo-rules.ts), the dashboards
 * (charts/dashboards) and docs/features/alerting.md are generated from or checked against this table;
 * a target may change objectives (`alerting.objectives`), not what is measured.
 */

/** The period every objective is measured over (a rolling window). */
export const SLO_PERIOD_DAYS = 30;

export const SLO_IDS = [
  'web-availability',
  'web-latency',
  'moderation-api-availability',
  'moderation-api-latency',
  'moderation-worker-freshness',
  'ml-inference-latency',
] as const;
export type SloId = (typeof SLO_IDS)[number];

/** Envoy's default histogram bounds, in ms: an edge latency threshold must be one of them. */
export const ENVOY_BUCKETS_MS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000] as const;
/** prometheus_client's default histogram bounds, in seconds, which the Python services keep. */
export const PYTHON_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] as const;

/** How an objective's indicator is measured. */
export type Indicator =
  /** Share of the service's edge requests (Envoy, every route to it) answered with a 5xx. */
  | { readonly kind: 'edge-errors' }
  /** Share of the service's edge requests slower than a bound of Envoy's histogram. */
  | { readonly kind: 'edge-latency'; readonly thresholdMs: (typeof ENVOY_BUCKETS_MS)[number] }
  /** Share of requests slower than a bound of the service's own histogram (seconds). */
  | { readonly kind: 'latency-histogram'; readonly metric: string; readonly thresholdSeconds: (typeof PYTHON_BUCKETS_S)[number] }
  /** Share of the time the worker's consumer lag (as KEDA reads it) is above `alerting.workerMaxLag`. */
  | { readonly kind: 'consumer-lag' };

export interface ServiceLevelObjective {
  readonly id: SloId;
  readonly service: ServiceName;
  /** What is promised, completing "<objective> % of ...". */
  readonly promise: string;
  /** Percentage of good events (or of good time) over the period, unless the target overrides it. */
  readonly objective: number;
  readonly indicator: Indicator;
}

export const SLOS: readonly ServiceLevelObjective[] = [
  { id: 'web-availability', service: 'web', promise: 'web app requests answered without a server error (5xx)', objective: 99.9, indicator: { kind: 'edge-errors' } },
  { id: 'web-latency', service: 'web', promise: 'web app requests answered within 1 s', objective: 99, indicator: { kind: 'edge-latency', thresholdMs: 1000 } },
  { id: 'moderation-api-availability', service: 'moderation-api', promise: 'public API requests answered without a server error (5xx)', objective: 99.9, indicator: { kind: 'edge-errors' } },
  { id: 'moderation-api-latency', service: 'moderation-api', promise: 'public API requests answered within 500 ms', objective: 99, indicator: { kind: 'edge-latency', thresholdMs: 500 } },
  { id: 'moderation-worker-freshness', service: 'moderation-worker', promise: 'the time, the worker\'s backlog under its lag bound', objective: 99, indicator: { kind: 'consumer-lag' } },
  {
    id: 'ml-inference-latency',
    service: 'ml-inference',
    promise: 'prediction requests answered within 1 s',
    objective: 99,
    indicator: { kind: 'latency-histogram', metric: 'inference_request_duration_seconds', thresholdSeconds: 1 },
  },
];
