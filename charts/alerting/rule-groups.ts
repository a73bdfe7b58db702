/**
 * Prometheus rules as a rule file writes them (`groups:` of `promtool check rules`), which is also
 * the `spec` of a PrometheusRule: the generators build these, the construct renders them.
 */

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
/** `critical` pages someone now; `warning` is a ticket for working hours; `info` is context for other alerts. */
export type Severity = (typeof SEVERITIES)[number];

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition holds before the alert fires. */
  readonly for: string;
  readonly labels: { readonly severity: Severity } & Readonly<Record<string, string>>;
  readonly annotations: {
    readonly summary: string;
    /** Go template over `$labels` and `$value`. */
    readonly description: string;
    readonly runbook_url: string;
  };
}

export type PrometheusRuleEntry = RecordingRule | AlertingRule;

export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly PrometheusRuleEntry[];
}

export const isAlert = (rule: PrometheusRuleEntry): rule is AlertingRule => 'alert' in rule;

/** Minutes in a number of minutes, hours or days: windows and periods are compared in minutes. */
export const minutes = (n: number): number => n;
export const hours = (n: number): number => n * 60;
export const days = (n: number): number => n * 24 * 60;

/** A PromQL duration of whole minutes: `5m`, `6h`, `3d`. */
export function duration(totalMinutes: number): string {
  if (totalMinutes % days(1) === 0) return `${totalMinutes / days(1)}d`;
  if (totalMinutes % hours(1) === 0) return `${totalMinutes / hours(1)}h`;
  return `${totalMinutes}m`;
}

/** The page of an alert under the runbook base URL: `<base>/<Alert>.md` (docs/runbooks/alerts/). */
export const runbookUrl = (baseUrl: string, alert: string): string => `${baseUrl}/${alert}.md`;
