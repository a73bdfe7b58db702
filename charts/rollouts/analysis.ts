import { Construct } from 'constructs';
import { AnalysisTemplate, AnalysisTemplateSpecMetricsCount, AnalysisTemplateSpecMetricsFailureLimit, type AnalysisTemplateSpecMetrics } from '../../imports/analysistemplates-argoproj.io';
import { FASTEST_BURN_RATE } from '../alerting/burn-rates';
import { duration, minutes } from '../alerting/rule-groups';
import type { ResolvedSlo } from '../alerting/sli';
import { TOLERATED_FAILURES } from './schema';

/** The analysis argument holding the step's canary weight, in percent (`{{args.canary-weight}}`). */
export const CANARY_WEIGHT_ARG = 'canary-weight';

/** Where Argo Rollouts puts an argument's value in a metric's query. */
export const argPlaceholder = (name: string): string => `{{args.${name}}}`;

/** Minutes between two measurements of a step. */
export const MEASUREMENT_INTERVAL_MINUTES = minutes(1);

/**
 * The window each measurement rates over: four of Envoy's 30 s scrapes. The first measurement
 * waits one window, so it sees only traffic at the step's weight.
 */
export const MEASUREMENT_WINDOW_MINUTES = minutes(2);

/** Seconds Argo Rollouts waits for Prometheus to answer a query. */
const QUERY_TIMEOUT_SECONDS = 30;

/**
 * How fast the canary may spend an objective's error budget: the burn rate of the fastest page
 * (charts/alerting/burn-rates.ts). A release that would page is rolled back before it does.
 */
export const CANARY_MAX_BURN_RATE = FASTEST_BURN_RATE;

/**
 * The canary's error ratio for an objective, as PromQL: the objective's own indicator (the same
 * expression the burn-rate alerts record) over the service's routes, divided by the canary's share
 * of their traffic. Envoy Gateway serves a rule's backends from one cluster, so its metrics cannot
 * tell stable from canary; counting every bad request against the canary is the bound that never
 * lets a bad canary through, at the cost of failing a step while the stable version itself burns
 * budget faster than the canary may.
 */
export function canaryErrorRatio(objective: ResolvedSlo, window: string): string {
  if (objective.sli.kind !== 'events') throw new Error(`objective ${objective.id} counts bad time, not bad requests: a canary cannot be judged by it`);
  return `(\n${objective.sli.errorRatio(window)}\n)\n/\n(${argPlaceholder(CANARY_WEIGHT_ARG)} / 100)`;
}

/** The largest canary error ratio a measurement accepts: the objective's budget spent at `CANARY_MAX_BURN_RATE`. */
export function maxCanaryErrorRatio(objective: ResolvedSlo): number {
  return Number((objective.budget * CANARY_MAX_BURN_RATE).toPrecision(10));
}

/**
 * When a measurement fails (Argo Rollouts' expr language on the query's values). No requests in
 * the window, an empty result or 0/0 (NaN, which compares false), is no evidence against the canary.
 */
export const failureCondition = (maxErrorRatio: number): string => `len(result) > 0 && result[0] > ${maxErrorRatio}`;

export interface CanaryAnalysisProps {
  /** Name of the AnalysisTemplate, as the Rollout's steps refer to it. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The objectives the canary is held to: its service's, resolved for the target (charts/alerting/sli.ts). */
  readonly objectives: readonly ResolvedSlo[];
  /** Prometheus' base URL (`rollouts.prometheusUrl`). */
  readonly prometheusUrl: string;
  /** Measurements per step, one every `MEASUREMENT_INTERVAL_MINUTES` (`rollouts.measurements`). */
  readonly measurements: number;
}

/**
 * The analysis a canary's step must pass: one Prometheus metric per objective of the service, each
 * measured `measurements` times a minute apart; a third failed measurement of any metric fails the
 * run, and Argo Rollouts aborts the rollout (traffic back to stable). An unreachable Prometheus
 * fails it too, after Argo Rollouts' default of four errors in a row.
 */
export class CanaryAnalysis extends Construct {
  readonly template: AnalysisTemplate;

  constructor(scope: Construct, id: string, props: CanaryAnalysisProps) {
    super(scope, id);
    if (props.objectives.length === 0) throw new Error(`${props.name}: a canary needs at least one objective to be judged against`);
    const window = duration(MEASUREMENT_WINDOW_MINUTES);
    const metrics = props.objectives.map(
      (objective): AnalysisTemplateSpecMetrics => ({
        name: objective.id,
        interval: duration(MEASUREMENT_INTERVAL_MINUTES),
        initialDelay: window,
        count: AnalysisTemplateSpecMetricsCount.fromNumber(props.measurements),
        failureLimit: AnalysisTemplateSpecMetricsFailureLimit.fromNumber(TOLERATED_FAILURES),
        failureCondition: failureCondition(maxCanaryErrorRatio(objective)),
        provider: { prometheus: { address: props.prometheusUrl, timeout: QUERY_TIMEOUT_SECONDS, query: canaryErrorRatio(objective, window) } },
      }),
    );
    this.template = new AnalysisTemplate(this, 'template', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      spec: { args: [{ name: CANARY_WEIGHT_ARG }], metrics },
    });
  }
}
