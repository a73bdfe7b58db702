import type { Target } from '../config/target';
import { edgeRoutes } from '../edge/routing';
import { bucket, envoyClusters, quote, rate, seriesIn } from './promql';
import { SLOS, type ServiceLevelObjective } from './slos';

/** How a resolved objective's indicator is computed, as PromQL with one series per namespace. */
export type Sli =
  /** Bad events over all events in a window. */
  | { readonly kind: 'events'; readonly errorRatio: (window: string) => string }
  /** 1 while the present is bad, 0 while good: recorded, then averaged over each window. */
  | { readonly kind: 'time'; readonly badNow: string };

/** An objective as it applies to one target. */
export interface ResolvedSlo extends ServiceLevelObjective {
  /** The error budget: the share of events (or time) that may be bad, e.g. 0.001 for 99.9 %. */
  readonly budget: number;
  readonly sli: Sli;
  /** The edge routes measured (edge indicators only). */
  readonly routes?: readonly string[];
}

/** A ratio computed from a percentage, without float noise (99.9 → 0.999, not 0.9990000000000001). */
export const ratio = (percent: number): number => Number((percent / 100).toPrecision(10));

/** The largest lag KEDA reports for the worker: it caps the lag at partitions × lagThreshold. */
export function kedaLagCap(worker: { readonly partitions: number; readonly lagThreshold: number }): number {
  return worker.partitions * worker.lagThreshold;
}

/** The worker's lag bound: `alerting.workerMaxLag`, else half of what KEDA can report. */
export function workerMaxLag(target: Target): number {
  return target.alerting.workerMaxLag ?? Math.floor(kedaLagCap(target.scaling.worker) / 2);
}

/** The per-namespace sums of an edge or service histogram: total requests and those within the bound. */
function latencyRatio(count: (window: string) => string, within: (window: string) => string): (window: string) => string {
  return (window) => `(\n  ${count(window)}\n-\n  ${within(window)}\n)\n/\n${count(window)}`;
}

/** The target's objectives: overridden where the target says, without those it cannot measure (an API not exposed). */
export function resolveSlos(target: Target): ResolvedSlo[] {
  const ns = target.namespace;
  const sum = (expr: string) => `sum by (namespace) (${expr})`;
  return SLOS.flatMap((slo): ResolvedSlo[] => {
    const objective = target.alerting.objectives[slo.id] ?? slo.objective;
    const resolved = { ...slo, objective, budget: Number((1 - ratio(objective)).toPrecision(10)) };
    const { indicator } = slo;
    switch (indicator.kind) {
      case 'edge-errors':
      case 'edge-latency': {
        const routes = edgeRoutes(target).filter((r) => r.service === slo.service).map((r) => r.name);
        if (routes.length === 0) return [];
        const clusters = envoyClusters(ns, routes);
        const edge = (metric: string, matchers: string[] = []) => (window: string) => sum(seriesIn(ns, metric, [clusters, ...matchers], rate(window)));
        const errorRatio =
          indicator.kind === 'edge-errors'
            ? (window: string) => {
                const total = edge('envoy_cluster_upstream_rq_total')(window);
                // Envoy creates the 5xx counter at the first 5xx: until then, no errors is 0, not absent.
                return `(\n  ${edge('envoy_cluster_upstream_rq_xx', ['envoy_response_code_class="5"'])(window)}\nor\n  0 * ${total}\n)\n/\n${total}`;
              }
            : latencyRatio(edge('envoy_cluster_upstream_rq_time_count'), edge('envoy_cluster_upstream_rq_time_bucket', [bucket(indicator.thresholdMs)]));
        return [{ ...resolved, routes, sli: { kind: 'events', errorRatio } }];
      }
      case 'latency-histogram': {
        const own = (suffix: string, matchers: string[] = []) => (window: string) => sum(seriesIn(ns, `${indicator.metric}_${suffix}`, matchers, rate(window)));
        return [{ ...resolved, sli: { kind: 'events', errorRatio: latencyRatio(own('count'), own('bucket', [bucket(indicator.thresholdSeconds)])) } }];
      }
      case 'consumer-lag': {
        const lag = seriesIn(ns, 'keda_scaler_metrics_value', [`scaledObject=${quote(slo.service)}`]);
        const bound = workerMaxLag(target);
        return [{ ...resolved, promise: `${slo.promise} (${bound} messages)`, sli: { kind: 'time', badNow: `max by (namespace) (${lag}) > bool ${bound}` } }];
      }
    }
  });
}
