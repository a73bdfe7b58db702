import type { Target } from '../config/target';
import { rate, seriesIn, withRoute, type Matchers } from './promql';
import { days, hours, runbookUrl, type AlertingRule, type RuleGroup, type Severity } from './rule-groups';

/**
 * Alerts on the platform's moving parts, beside the objectives: what breaks before users notice, or
 * what the objectives do not see (backups, certificates, logs). Each aggregation keeps `namespace`
 * (see ./promql.ts `seriesIn`), so each alert reaches the platform's AlertmanagerConfig routes.
 */

/** What an alert's expression is built from. */
export interface PlatformAlertContext {
  readonly target: Target;
  /** `seriesIn` (./promql.ts) for the platform's namespace. */
  readonly series: (metric: string, matchers?: Matchers, around?: (selector: string) => string) => string;
}

export interface PlatformAlert {
  readonly alert: string;
  /** Rule group: alerts about one part of the platform. */
  readonly group: 'workloads' | 'queue' | 'database' | 'edge' | 'secrets' | 'logging';
  readonly severity: Severity;
  readonly for: string;
  readonly summary: string;
  /** Go template over `$labels` and `$value`. */
  readonly description: string;
  readonly expr: (context: PlatformAlertContext) => string;
}

const SECONDS_PER_MINUTE = 60;

/** Share of a pool's server connections in use at which the pool counts as saturated. */
const POOL_SATURATION = 0.9;
/** Share of a route's requests answered with a 5xx that is worth a look, and the traffic below which it is noise (req/s). */
const EDGE_5XX = { ratio: 0.05, minRequestsPerSecond: 0.1 } as const;
/** How long a lag trend is measured over. */
const LAG_TREND_WINDOW = '30m';
/** Days before expiry: cert-manager renews Let's Encrypt certificates 30 days ahead, so 14 days left means two weeks of failed renewals. */
const CERTIFICATE_EXPIRY: readonly { readonly severity: Severity; readonly days: number }[] = [
  { severity: 'warning', days: 14 },
  { severity: 'critical', days: 3 },
];

/**
 * The database's scheduled Jobs (charts/backups) and how old their last success may get: a day and
 * the backup's own run for the nightly backup, a week and a day for the weekly restore test.
 */
export const SCHEDULED_JOBS = [
  { alert: 'DatabaseBackupStale', cronJob: 'db-backup', what: 'nightly database backup', maxAgeMinutes: hours(26) },
  { alert: 'RestoreTestStale', cronJob: 'db-restore-test', what: 'weekly restore test', maxAgeMinutes: days(8) },
] as const;

const kubeJobAlerts = SCHEDULED_JOBS.map(
  (job): PlatformAlert => ({
    alert: job.alert,
    group: 'database',
    severity: 'warning',
    for: '5m',
    summary: `The ${job.what} has not succeeded in time`,
    description: `CronJob {{ $labels.namespace }}/{{ $labels.cronjob }} (${job.what}) last succeeded {{ $value | humanizeDuration }} ago, or never since it was created that long ago.`,
    expr: ({ series }) => {
      const cronJob = [`cronjob="${job.cronJob}"`];
      const maxAge = job.maxAgeMinutes * SECONDS_PER_MINUTE;
      return [
        `time() - max by (namespace, cronjob) (${series('kube_cronjob_status_last_successful_time', cronJob)}) > ${maxAge}`,
        'or',
        `(\n  time() - max by (namespace, cronjob) (${series('kube_cronjob_created', cronJob)}) > ${maxAge}`,
        `  unless on (namespace, cronjob) ${series('kube_cronjob_status_last_successful_time', cronJob)}\n)`,
      ].join('\n');
    },
  }),
);

const certificateExpiryAlerts = CERTIFICATE_EXPIRY.map(
  (tier): PlatformAlert => ({
    alert: 'CertificateExpiringSoon',
    group: 'edge',
    severity: tier.severity,
    for: '1h',
    summary: `A certificate expires within ${tier.days} days`,
    description: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in {{ $value | humanizeDuration }}: cert-manager has not renewed it.',
    expr: ({ series }) => `min by (namespace, name) (${series('certmanager_certificate_expiration_timestamp_seconds')}) - time() < ${days(tier.days) * SECONDS_PER_MINUTE}`,
  }),
);

export const PLATFORM_ALERTS: readonly PlatformAlert[] = [
  {
    alert: 'PodCrashLooping',
    group: 'workloads',
    severity: 'warning',
    for: '15m',
    summary: 'A container is crash-looping',
    description: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} has been restarting in CrashLoopBackOff for 15 minutes.',
    expr: ({ series }) => `max by (namespace, pod, container) (${series('kube_pod_container_status_waiting_reason', ['reason="CrashLoopBackOff"'], (s) => `max_over_time(${s}[5m])`)}) >= 1`,
  },
  {
    alert: 'PodNotReady',
    group: 'workloads',
    severity: 'warning',
    for: '15m',
    summary: 'A pod has not been ready for 15 minutes',
    description: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} has been pending, unknown or running unready for 15 minutes (ml-inference may take up to 10 of them to load its model).',
    expr: ({ series }) =>
      [
        `max by (namespace, pod) (${series('kube_pod_status_phase', ['phase=~"Pending|Unknown"'])}) == 1`,
        'or',
        `(\n  max by (namespace, pod) (${series('kube_pod_status_ready', ['condition=~"false|unknown"'])}) == 1`,
        `  and on (namespace, pod) max by (namespace, pod) (${series('kube_pod_status_phase', ['phase="Running"'])}) == 1\n)`,
      ].join('\n'),
  },
  {
    alert: 'DeploymentRolloutStuck',
    group: 'workloads',
    severity: 'warning',
    for: '5m',
    summary: 'A Deployment rollout is past its progress deadline',
    description: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} made no progress within its progressDeadlineSeconds: new pods do not become ready, the old ones keep serving.',
    expr: ({ series }) => `max by (namespace, deployment) (${series('kube_deployment_status_condition', ['condition="Progressing"', 'status="false"'])}) == 1`,
  },
  {
    alert: 'AutoscalerAtMaximum',
    group: 'workloads',
    severity: 'warning',
    for: '15m',
    summary: 'An autoscaler has been at its maximum for 15 minutes',
    description: 'HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} has run {{ $value }} replicas, its maximum, for 15 minutes: it cannot add capacity if load grows.',
    expr: ({ series }) => {
      const hpa = (metric: string) => `max by (namespace, horizontalpodautoscaler) (${series(metric)})`;
      const max = hpa('kube_horizontalpodautoscaler_spec_max_replicas');
      // Bounds set equal on purpose (a fixed size) are not a ceiling being hit.
      return `${hpa('kube_horizontalpodautoscaler_status_current_replicas')} >= ${max}\nunless\n${max} == ${hpa('kube_horizontalpodautoscaler_spec_min_replicas')}`;
    },
  },
  {
    alert: 'ConsumerLagGrowing',
    group: 'queue',
    severity: 'warning',
    for: LAG_TREND_WINDOW,
    summary: 'The worker\'s consumer lag keeps growing',
    description: `The lag of {{ $labels.namespace }}/{{ $labels.scaledObject }} has grown by {{ $value | humanize }} messages a second for ${LAG_TREND_WINDOW} while above one replica's worth: content waits longer and longer for moderation.`,
    expr: ({ series, target }) => {
      const worker = [`scaledObject="moderation-worker"`];
      const lag = (around?: (s: string) => string) => `max by (namespace, scaledObject) (${series('keda_scaler_metrics_value', worker, around)})`;
      return `${lag((s) => `deriv(${s}[${LAG_TREND_WINDOW}])`)} > 0\nand\n${lag()} > ${target.scaling.worker.lagThreshold}`;
    },
  },
  {
    alert: 'PgBouncerClientsWaiting',
    group: 'database',
    severity: 'warning',
    for: '10m',
    summary: 'Clients keep waiting for a PostgreSQL connection',
    description: '{{ $value }} clients of database {{ $labels.database }} ({{ $labels.namespace }}) have been waiting for a server connection for 10 minutes.',
    expr: ({ series }) => `sum by (namespace, database) (${series('pgbouncer_pools_client_waiting_connections')}) > 0`,
  },
  {
    alert: 'PgBouncerPoolSaturated',
    group: 'database',
    severity: 'warning',
    for: '15m',
    summary: 'A PgBouncer pool is nearly saturated',
    description: `Pool {{ $labels.database }}/{{ $labels.user }} ({{ $labels.namespace }}) has used {{ $value | humanizePercentage }} of its server connections for 15 minutes (alerting above ${POOL_SATURATION * 100} %).`,
    expr: ({ series }) =>
      [
        `max by (namespace, database, user) (${series('pgbouncer_pools_server_active_connections')})`,
        '/ on (namespace, database) group_left',
        // SHOW DATABASES names the PgBouncer database `name` (`database` is the server-side one).
        `max by (namespace, database) (${series('pgbouncer_databases_pool_size', [], (s) => `label_replace(${s}, "database", "$1", "name", "(.+)")`)})`,
        `> ${POOL_SATURATION}`,
      ].join('\n'),
  },
  ...kubeJobAlerts,
  ...certificateExpiryAlerts,
  {
    alert: 'CertificateNotReady',
    group: 'edge',
    severity: 'warning',
    for: '30m',
    summary: 'A certificate is not ready',
    description: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} has not been Ready for 30 minutes: cert-manager fails to issue or renew it.',
    expr: ({ series }) => `max by (namespace, name) (${series('certmanager_certificate_ready_status', ['condition!="True"'])}) == 1`,
  },
  {
    alert: 'EdgeRoute5xxRatioHigh',
    group: 'edge',
    severity: 'warning',
    for: '10m',
    summary: 'A public route answers many server errors',
    description: `Route {{ $labels.namespace }}/{{ $labels.route }} has answered {{ $value | humanizePercentage }} of its requests with a 5xx for 10 minutes (alerting above ${EDGE_5XX.ratio * 100} %).`,
    expr: ({ series }) => {
      const perRoute = (metric: string, matchers: Matchers = []) => `sum by (namespace, route) (${withRoute(series(metric, matchers, rate('5m')))})`;
      const total = perRoute('envoy_cluster_upstream_rq_total');
      return `${perRoute('envoy_cluster_upstream_rq_xx', ['envoy_response_code_class="5"'])}\n/ ${total}\n> ${EDGE_5XX.ratio}\nand\n${total} > ${EDGE_5XX.minRequestsPerSecond}`;
    },
  },
  {
    alert: 'ExternalSecretSyncFailing',
    group: 'secrets',
    severity: 'warning',
    for: '15m',
    summary: 'An ExternalSecret fails to sync',
    description: 'ExternalSecret {{ $labels.namespace }}/{{ $labels.name }} has not been Ready for 15 minutes: its Secret keeps its last value and misses rotations; a new pod that needs a missing key cannot start.',
    expr: ({ series }) => `max by (namespace, name) (${series('externalsecret_status_condition', ['condition="Ready"', 'status="False"'])}) == 1`,
  },
  {
    alert: 'LogRecordsDropped',
    group: 'logging',
    severity: 'warning',
    for: '10m',
    summary: 'Fluent Bit is dropping log records',
    description: 'Output {{ $labels.name }} of Fluent Bit pod {{ $labels.pod }} has dropped records or given up retrying chunks for 10 minutes: those logs are lost.',
    expr: ({ series }) =>
      ['fluentbit_output_dropped_records_total', 'fluentbit_output_retries_failed_total'].map((metric) => `sum by (namespace, pod, name) (${series(metric, [], rate('5m'))}) > 0`).join('\nor\n'),
  },
  {
    alert: 'ServiceLogErrors',
    group: 'logging',
    severity: 'warning',
    for: '10m',
    summary: 'A service logs errors at a high rate',
    description: 'Container {{ $labels.exported_container }} ({{ $labels.namespace }}) has logged {{ $value | humanize }} error lines a second for 10 minutes.',
    // The collector's counter labels its own `container`; the scrape keeps the target's and renames
    // the counter's `exported_container` (honorLabels false), so that is the service's container.
    expr: ({ series, target }) => `sum by (namespace, exported_container) (${series('fluentbit_logs_errors_total', [], rate('5m'))}) > ${target.alerting.logErrorsPerSecond}`,
  },
];

/** The platform alerts of a target, one rule group per part of the platform. */
export function platformRuleGroups(target: Target, runbookBaseUrl: string): RuleGroup[] {
  const context: PlatformAlertContext = { target, series: (metric, matchers, around) => seriesIn(target.namespace, metric, matchers, around) };
  const groups = [...new Set(PLATFORM_ALERTS.map((a) => a.group))];
  return groups.map((group) => ({
    name: `platform-${group}`,
    rules: PLATFORM_ALERTS.filter((a) => a.group === group).map(
      (a): AlertingRule => ({
        alert: a.alert,
        expr: a.expr(context),
        for: a.for,
        labels: { severity: a.severity },
        annotations: { summary: a.summary, description: a.description, runbook_url: runbookUrl(runbookBaseUrl, a.alert) },
      }),
    ),
  }));
}
