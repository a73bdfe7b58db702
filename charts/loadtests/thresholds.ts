import { resolveSlos, type ResolvedSlo } from '../alerting/sli';
import type { SloId } from '../alerting/slos';
import type { Target } from '../config/target';
import type { UnmeasuredObjective } from './plan';

/**
 * A load test's pass/fail criteria, from the SLO table (charts/alerting/slos.ts) as the target
 * resolves it (charts/alerting/sli.ts, `alerting.objectives`): the same objectives the burn-rate
 * alerts hold the platform to, so a run fails exactly when its load, lasting, would breach one.
 */

/** The k6 tag every request carries: the platform service its route reaches (the SLO's `service`). */
export const SERVICE_TAG = 'service';
/** The share of requests the edge may answer 429 before a run no longer measures the platform but the edge's per-client limits. */
export const RATE_LIMITED_METRIC = 'rate_limited';
export const MAX_RATE_LIMITED = 0.01;

/** One objective as a k6 threshold: a metric of the service's requests and the bound it must stay under. */
export interface SloThreshold {
  readonly slo: SloId;
  /** A k6 metric filtered to the service's requests, e.g. `http_req_duration{service:web}`. */
  readonly metric: string;
  /** The k6 threshold expression, e.g. `p(99)<1000`. */
  readonly expression: string;
}

const tagged = (metric: string, slo: ResolvedSlo) => `${metric}{${SERVICE_TAG}:${slo.service}}`;

/**
 * The target's objectives as k6 thresholds, and those a test cannot see from outside:
 * - availability (5xx at the edge): `http_req_failed` of the service's requests, a rate under the
 *   error budget (1 − objective); the scripts count 5xx and transport errors as failed, not 4xx,
 *   as the edge's indicator does;
 * - latency at the edge: `http_req_duration` of the service's requests, the objective's percentile
 *   under the threshold (k6 measures it at the client, through the load balancer: stricter than
 *   Envoy's upstream time, never looser);
 * - the worker's freshness and ml-inference's own latency are measured inside the platform: the
 *   run lists them to watch (their burn-rate alerts must stay quiet).
 */
export function sloThresholds(target: Target): { readonly measured: SloThreshold[]; readonly unmeasured: UnmeasuredObjective[] } {
  const measured: SloThreshold[] = [];
  const unmeasured: UnmeasuredObjective[] = [];
  for (const slo of resolveSlos(target)) {
    const { indicator } = slo;
    switch (indicator.kind) {
      case 'edge-errors':
        measured.push({ slo: slo.id, metric: tagged('http_req_failed', slo), expression: `rate<${slo.budget}` });
        break;
      case 'edge-latency':
        measured.push({ slo: slo.id, metric: tagged('http_req_duration', slo), expression: `p(${slo.objective})<${indicator.thresholdMs}` });
        break;
      case 'latency-histogram':
        unmeasured.push({ id: slo.id, watch: `${indicator.metric}: ${slo.objective} % within ${indicator.thresholdSeconds} s (its burn-rate alerts stay quiet)` });
        break;
      case 'consumer-lag':
        unmeasured.push({ id: slo.id, watch: `${slo.promise}: ${slo.objective} % of the time (its burn-rate alerts stay quiet)` });
        break;
    }
  }
  return { measured, unmeasured };
}

/**
 * The k6 `thresholds` of a run: every measured objective, the rate-limit guard (a run the edge
 * throttled measured its limits, not the platform), and the load guard (a run that dropped more
 * than 1 % of its planned arrivals, its VUs all busy, did not offer the load it claims).
 */
export function k6Thresholds(target: Target, plannedIterations: number): Record<string, string[]> {
  const thresholds: Record<string, string[]> = {};
  for (const { metric, expression } of sloThresholds(target).measured) (thresholds[metric] ??= []).push(expression);
  thresholds[RATE_LIMITED_METRIC] = [`rate<${MAX_RATE_LIMITED}`];
  thresholds.dropped_iterations = [`count<=${Math.floor(plannedIterations / 100)}`];
  return thresholds;
}
