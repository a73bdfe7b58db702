import { EXPORTERS, metricInfo } from './metrics';
import { quote, selector } from './promql';
import { BURN_ALERT_FOR, BURN_RATE_ALERTS, budgetSpent, SLO_WINDOWS } from './burn-rates';
import { duration, runbookUrl, type AlertingRule, type RuleGroup } from './rule-groups';
import { ratio, type ResolvedSlo } from './sli';
import { SLO_PERIOD_DAYS } from './slos';

/** Recorded error ratio of an objective over a window: `slo:sli_error:ratio_rate1h{slo="..."}`. */
export const errorRatioRecord = (window: string): string => `slo:sli_error:ratio_rate${window}`;
/** Recorded for time-based indicators: 1 while the present is bad. */
export const ERROR_NOW_RECORD = 'slo:sli_error:bool';
/** Recorded objective of each SLO (`vector(0.999)`), for dashboards to divide by. */
export const OBJECTIVE_RECORD = 'slo:objective:ratio';

/** Alert fired when an objective's indicator has no data: its burn-rate alerts are blind. */
export const INDICATOR_MISSING_ALERT = 'SLOIndicatorMissing';
const INDICATOR_MISSING_FOR = '15m';

/** `moderation-api-availability` → `ModerationApiAvailabilityBudgetBurn`. */
export function burnAlertName(slo: Pick<ResolvedSlo, 'id'>): string {
  return `${slo.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}BudgetBurn`;
}

/** The labels an objective's recorded series carry beside `namespace`. */
const sloLabels = (slo: ResolvedSlo) => ({ service: slo.service, slo: slo.id });

/**
 * The error ratio of an objective over any window, as PromQL: from the raw metrics for event-based
 * indicators, from the recorded 0/1 series for time-based ones. Rules record it per window;
 * dashboards ask it over the whole period.
 */
export function errorRatio(slo: ResolvedSlo, namespace: string, window: string): string {
  if (slo.sli.kind === 'events') return slo.sli.errorRatio(window);
  return `avg_over_time(${selector(ERROR_NOW_RECORD, [`namespace=${quote(namespace)}`, `slo=${quote(slo.id)}`])}[${window}])`;
}

/** The exporters an objective's indicator reads from, for people chasing a missing indicator. */
function indicatorSource(slo: ResolvedSlo): string {
  const { indicator } = slo;
  const exporter = indicator.kind === 'latency-histogram' ? metricInfo(indicator.metric)!.exporter : indicator.kind === 'consumer-lag' ? 'keda' : 'envoy';
  return EXPORTERS[exporter].description;
}

/** `0.001` → `0.1 %`. */
const percent = (fraction: number) => `${Number((fraction * 100).toPrecision(10))} %`;

export interface SloRuleOptions {
  /** The platform's namespace: every recorded series and alert carries it. */
  readonly namespace: string;
  /** Base URL of the runbook pages. */
  readonly runbookBaseUrl: string;
}

/**
 * The rules of every objective, one group each (Prometheus evaluates a group's rules in order, so
 * its alerts read the ratios recorded in the same round): the objective, the error ratio over each
 * window, one alert per severity over its burn-rate windows, and an alert when the indicator has no
 * data. One alert name per objective for both severities: kube-prometheus-stack's Alertmanager
 * inhibits a `warning` while a `critical` of the same alert and namespace fires.
 */
export function sloRuleGroups(slos: readonly ResolvedSlo[], options: SloRuleOptions): RuleGroup[] {
  const { namespace } = options;
  return slos.map((slo) => {
    const labels = sloLabels(slo);
    const recorded = (window: number) => selector(errorRatioRecord(duration(window)), [`namespace=${quote(namespace)}`, `slo=${quote(slo.id)}`]);
    const statement = `${slo.objective} % of ${slo.promise}, over ${SLO_PERIOD_DAYS} days`;
    const burnAlerts = (['critical', 'warning'] as const).map((severity): AlertingRule => {
      const windows = BURN_RATE_ALERTS.filter((a) => a.severity === severity);
      const conditions = windows.map((a) => `(\n  ${recorded(a.longWindow)} / ${slo.budget} > ${a.burnRate}\nand\n  ${recorded(a.shortWindow)} / ${slo.budget} > ${a.burnRate}\n)`);
      const spends = windows.map((a) => `${percent(budgetSpent(a))} of the budget in ${duration(a.longWindow)}`).join(' or ');
      return {
        alert: burnAlertName(slo),
        expr: conditions.join('\nor\n'),
        for: BURN_ALERT_FOR[severity],
        labels: { severity },
        annotations: {
          summary: `${slo.id}: error budget burning ${severity === 'critical' ? 'fast' : 'steadily'}`,
          description:
            `Objective: ${statement}. The error budget (${percent(slo.budget)}) is burning {{ $value | humanize }} times as fast as the objective allows ` +
            `(this alert: ${spends}).`,
          runbook_url: runbookUrl(options.runbookBaseUrl, burnAlertName(slo)),
        },
      };
    });
    const shortest = Math.min(...BURN_RATE_ALERTS.map((a) => a.shortWindow));
    return {
      name: `slo-${slo.id}`,
      rules: [
        { record: OBJECTIVE_RECORD, expr: `vector(${ratio(slo.objective)})`, labels: { namespace, ...labels } },
        ...(slo.sli.kind === 'time' ? [{ record: ERROR_NOW_RECORD, expr: slo.sli.badNow, labels }] : []),
        ...SLO_WINDOWS.map((window) => ({ record: errorRatioRecord(window), expr: errorRatio(slo, namespace, window), labels })),
        ...burnAlerts,
        {
          alert: INDICATOR_MISSING_ALERT,
          expr: `absent(${selector(errorRatioRecord(duration(shortest)), [`namespace=${quote(namespace)}`, `service=${quote(slo.service)}`, `slo=${quote(slo.id)}`])})`,
          for: INDICATOR_MISSING_FOR,
          // One such alert per objective: its own labels keep them apart (promtool's lint too).
          labels: { severity: 'warning', ...labels },
          annotations: {
            summary: `${slo.id}: no indicator data, its burn-rate alerts cannot fire`,
            description: `Prometheus has recorded no {{ $labels.slo }} error ratio for ${INDICATOR_MISSING_FOR}. Its source: ${indicatorSource(slo)}.`,
            runbook_url: runbookUrl(options.runbookBaseUrl, INDICATOR_MISSING_ALERT),
          },
        },
      ],
    };
  });
}
