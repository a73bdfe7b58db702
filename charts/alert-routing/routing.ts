/**
 * The routing policy of the platform's alerts, the same on every target: which receiver each
 * severity reaches and how often, how alerts are grouped, and which alerts mute which. The labels
 * matched here are the contract with the alerting rules (charts/alerting): every alert carries
 * `severity`, `alertname`, `service` and `namespace`; an SLO page also carries `slo`.
 */

/** The severities an alert may carry, most urgent first. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The receivers of the AlertmanagerConfig, by name. */
export const RECEIVERS = ['pagerduty', 'slack', 'email'] as const;
export type ReceiverName = (typeof RECEIVERS)[number];

/** How one severity is delivered. Durations are Alertmanager durations ("30s", "4h"). */
export interface SeverityRoute {
  readonly receiver: ReceiverName;
  /** Wait before the first notification of a new group, so alerts that fire together arrive together. */
  readonly groupWait: string;
  /** Wait before notifying about alerts added to (or resolved in) a group already notified. */
  readonly groupInterval: string;
  /** Notify again about a group still firing after this long. */
  readonly repeatInterval: string;
}

/**
 * Severity → receiver and timing, the one table the routes are generated from:
 * - critical pages (PagerDuty) after a short wait; re-sent hourly while firing, which keeps an
 *   acknowledged incident's timeline current without flooding (PagerDuty dedups on the group);
 * - warning posts to the team's Slack channel, re-posted every 4 h while nobody fixes it;
 * - info mails a digest: groups collect for 5 min, changes are batched hourly, repeats daily.
 */
export const SEVERITY_ROUTES: Readonly<Record<Severity, SeverityRoute>> = {
  critical: { receiver: 'pagerduty', groupWait: '30s', groupInterval: '5m', repeatInterval: '1h' },
  warning: { receiver: 'slack', groupWait: '1m', groupInterval: '5m', repeatInterval: '4h' },
  info: { receiver: 'email', groupWait: '5m', groupInterval: '1h', repeatInterval: '24h' },
};

/**
 * Where an alert of the namespace with no severity, or one not in the table, goes: where warnings
 * go, so a mislabelled alert is still seen by a person instead of being dropped or paging.
 */
export const UNMATCHED_SEVERITY: Severity = 'warning';

/** Labels a notification groups alerts by: one notification (one page) per alert and service. */
export const GROUP_BY: readonly string[] = ['alertname', 'service'];

/** The label an SLO page carries, naming its SLO (e.g. `slo="moderation-api-availability"`). */
export const SLO_LABEL = 'slo';

/** An Alertmanager label matcher. */
export interface Matcher {
  readonly name: string;
  readonly matchType: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** Alerts matching `target` are muted while an alert matching `source` fires with the same `equal` labels. */
export interface Inhibition {
  readonly why: string;
  readonly source: readonly Matcher[];
  readonly target: readonly Matcher[];
  readonly equal: readonly string[];
}

const severityIs = (severity: Severity): Matcher => ({ name: 'severity', matchType: '=', value: severity });
/** The severities below critical: what a page makes redundant. */
const belowCritical: Matcher = { name: 'severity', matchType: '=~', value: SEVERITIES.filter((s) => s !== 'critical').join('|') };

/** The inhibition rules. The operator adds `namespace="<the AlertmanagerConfig's>"` to both sides of each. */
export const INHIBITIONS: readonly Inhibition[] = [
  {
    why: 'a critical alert mutes the warnings and infos of the same alert and service',
    source: [severityIs('critical')],
    target: [belowCritical],
    equal: ['alertname', 'service'],
  },
  {
    why: 'an SLO page (critical, with an `slo` label) mutes the warnings and infos of its service: its symptoms',
    source: [severityIs('critical'), { name: SLO_LABEL, matchType: '=~', value: '.+' }],
    target: [belowCritical],
    equal: ['service'],
  },
];

/** The child route of each severity, in table order. */
export function severityRoutes(): { readonly severity: Severity; readonly matcher: Matcher; readonly route: SeverityRoute }[] {
  return SEVERITIES.map((severity) => ({ severity, matcher: severityIs(severity), route: SEVERITY_ROUTES[severity] }));
}
