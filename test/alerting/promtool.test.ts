/**
 * The rules fed with series, by `promtool test rules`: a fast burn pages, a slow burn opens a
 * ticket, a healthy platform stays quiet, and the platform alerts fire on what they watch. The
 * rules are eks-production's, as rendered; the expected alerts are written out, labels and
 * annotations included, so a change in what fires or what it says fails here.
 */
import { targetObjects } from '../support/render';
import { alertsOf, promtool, ruleGroupsOf, writeFiles } from './rule-files';

const groups = ruleGroupsOf(targetObjects('eks-production'));
const RUNBOOK = 'https://github.com/example-org/moderation-k8s/blob/main/docs/runbooks/alerts';
const NS = 'moderation';

/** `values` of `count` minutes growing by `step` a minute (promtool's expanding notation). */
const growing = (step: number, count = 240) => `0+${step}x${count}`;
const steady = (value: number, count = 240) => `${value}x${count}`;

/** An Envoy series of a route's cluster, as the edge PodMonitor scrapes it from the edge namespace. */
const envoy = (metric: string, route: string, labels = '') =>
  `${metric}{namespace="envoy-gateway-system",pod="envoy-edge-0",envoy_cluster_name="httproute/${NS}/${route}/rule/0"${labels}}`;

/** Web traffic: `perMinute` requests to web-pages, `errorsPerMinute` of them 5xx (no 5xx series at all when 0), all under 1 s. */
function webTraffic(perMinute: number, errorsPerMinute: number) {
  const series = [
    { series: envoy('envoy_cluster_upstream_rq_total', 'web-pages'), values: growing(perMinute) },
    { series: envoy('envoy_cluster_upstream_rq_time_bucket', 'web-pages', ',le="1000"'), values: growing(perMinute) },
    { series: envoy('envoy_cluster_upstream_rq_time_count', 'web-pages'), values: growing(perMinute) },
  ];
  if (errorsPerMinute > 0) series.push({ series: envoy('envoy_cluster_upstream_rq_xx', 'web-pages', ',envoy_response_code_class="5"'), values: growing(errorsPerMinute) });
  return series;
}

/** Every other indicator healthy: the API fast and without a 5xx yet (Envoy has no 5xx counter for it), the worker's lag low, inference fast. */
const healthyRest = [
  { series: envoy('envoy_cluster_upstream_rq_total', 'api-writes'), values: growing(300) },
  { series: envoy('envoy_cluster_upstream_rq_time_bucket', 'api-writes', ',le="500"'), values: growing(300) },
  { series: envoy('envoy_cluster_upstream_rq_time_count', 'api-writes'), values: growing(300) },
  { series: `keda_scaler_metrics_value{namespace="keda",exported_namespace="${NS}",scaledObject="moderation-worker",scaler="kafkaAuth"}`, values: steady(40) },
  { series: `inference_request_duration_seconds_bucket{namespace="${NS}",pod="ml-inference-0",le="1.0"}`, values: growing(999) },
  { series: `inference_request_duration_seconds_count{namespace="${NS}",pod="ml-inference-0"}`, values: growing(1000) },
];

const webBurn = (severity: string, summary: string, burn: string, windows: string) => ({
  exp_labels: { severity, namespace: NS, service: 'web', slo: 'web-availability' },
  exp_annotations: {
    summary,
    description: `Objective: 99.9 % of web app requests answered without a server error (5xx), over 30 days. The error budget (0.1 %) is burning ${burn} times as fast as the objective allows (this alert: ${windows}).`,
    runbook_url: `${RUNBOOK}/WebAvailabilityBudgetBurn.md`,
  },
});
const PAGE_WINDOWS = '2 % of the budget in 1h or 5 % of the budget in 6h';
const TICKET_WINDOWS = '10 % of the budget in 1d or 10 % of the budget in 3d';

const tests = [
  {
    name: 'a fast burn (10 % errors) pages, opens a ticket and flags the route',
    interval: '1m',
    input_series: [...webTraffic(600, 60), ...healthyRest],
    alert_rule_test: [
      { eval_time: '2m', alertname: 'WebAvailabilityBudgetBurn', exp_alerts: [] },
      {
        eval_time: '20m',
        alertname: 'WebAvailabilityBudgetBurn',
        exp_alerts: [webBurn('critical', 'web-availability: error budget burning fast', '100', PAGE_WINDOWS), webBurn('warning', 'web-availability: error budget burning steadily', '100', TICKET_WINDOWS)],
      },
      {
        eval_time: '20m',
        alertname: 'EdgeRoute5xxRatioHigh',
        exp_alerts: [
          {
            exp_labels: { severity: 'warning', namespace: NS, route: 'web-pages' },
            exp_annotations: {
              summary: 'A public route answers many server errors',
              description: `Route ${NS}/web-pages has answered 10% of its requests with a 5xx for 10 minutes (alerting above 5 %).`,
              runbook_url: `${RUNBOOK}/EdgeRoute5xxRatioHigh.md`,
            },
          },
        ],
      },
    ],
  },
  {
    name: 'a slow burn (0.5 % errors, 5 times the budget) opens a ticket and pages nobody',
    interval: '1m',
    input_series: [...webTraffic(600, 3), ...healthyRest],
    alert_rule_test: [{ eval_time: '1h', alertname: 'WebAvailabilityBudgetBurn', exp_alerts: [webBurn('warning', 'web-availability: error budget burning steadily', '5', TICKET_WINDOWS)] }],
  },
  {
    name: 'a healthy platform (0.05 % errors, a low lag) stays quiet, and no 5xx yet is no error rather than no data',
    interval: '1m',
    input_series: [...webTraffic(600, 0.3), ...healthyRest],
    alert_rule_test: ['2h', '4h'].flatMap((eval_time) =>
      [...new Set(alertsOf(groups).map((a) => a.alert))].map((alertname) => ({ eval_time, alertname, exp_alerts: [] })),
    ),
  },
  {
    name: 'the worker\'s lag over its bound all the time burns the freshness budget: a page',
    interval: '1m',
    input_series: [
      ...webTraffic(600, 0),
      ...healthyRest.filter((s) => !s.series.startsWith('keda')),
      { series: `keda_scaler_metrics_value{namespace="keda",exported_namespace="${NS}",scaledObject="moderation-worker",scaler="kafkaAuth"}`, values: steady(1200) },
    ],
    alert_rule_test: [
      {
        eval_time: '20m',
        alertname: 'ModerationWorkerFreshnessBudgetBurn',
        exp_alerts: ['critical', 'warning'].map((severity) => ({
          exp_labels: { severity, namespace: NS, service: 'moderation-worker', slo: 'moderation-worker-freshness' },
          exp_annotations: {
            summary: `moderation-worker-freshness: error budget burning ${severity === 'critical' ? 'fast' : 'steadily'}`,
            description: `Objective: 99 % of the time, the worker's backlog under its lag bound (600 messages), over 30 days. The error budget (1 %) is burning 100 times as fast as the objective allows (this alert: ${severity === 'critical' ? PAGE_WINDOWS : TICKET_WINDOWS}).`,
            runbook_url: `${RUNBOOK}/ModerationWorkerFreshnessBudgetBurn.md`,
          },
        })),
      },
    ],
  },
  {
    name: 'a KEDA autoscaler pinned at its maximum warns; one sized fixed on purpose does not',
    interval: '1m',
    input_series: [
      ...['status_current_replicas', 'spec_max_replicas'].map((m) => ({ series: `kube_horizontalpodautoscaler_${m}{namespace="${NS}",horizontalpodautoscaler="keda-hpa-moderation-worker"}`, values: steady(12, 60) })),
      { series: `kube_horizontalpodautoscaler_spec_min_replicas{namespace="${NS}",horizontalpodautoscaler="keda-hpa-moderation-worker"}`, values: steady(2, 60) },
      ...['status_current_replicas', 'spec_max_replicas', 'spec_min_replicas'].map((m) => ({ series: `kube_horizontalpodautoscaler_${m}{namespace="${NS}",horizontalpodautoscaler="web"}`, values: steady(2, 60) })),
    ],
    alert_rule_test: [
      { eval_time: '10m', alertname: 'AutoscalerAtMaximum', exp_alerts: [] },
      {
        eval_time: '20m',
        alertname: 'AutoscalerAtMaximum',
        exp_alerts: [
          {
            exp_labels: { severity: 'warning', namespace: NS, horizontalpodautoscaler: 'keda-hpa-moderation-worker' },
            exp_annotations: {
              summary: 'An autoscaler has been at its maximum for 15 minutes',
              description: `HPA ${NS}/keda-hpa-moderation-worker has run 12 replicas, its maximum, for 15 minutes: it cannot add capacity if load grows.`,
              runbook_url: `${RUNBOOK}/AutoscalerAtMaximum.md`,
            },
          },
        ],
      },
    ],
  },
  {
    name: 'a backup that last succeeded 28 hours ago warns; a recent restore test does not',
    interval: '1m',
    input_series: [
      // Seconds since the epoch; the test's clock starts at 0.
      { series: `kube_cronjob_status_last_successful_time{namespace="${NS}",cronjob="db-backup"}`, values: steady(-100000, 30) },
      { series: `kube_cronjob_created{namespace="${NS}",cronjob="db-backup"}`, values: steady(-9000000, 30) },
      { series: `kube_cronjob_status_last_successful_time{namespace="${NS}",cronjob="db-restore-test"}`, values: steady(-3600, 30) },
      // Never succeeded, created a day ago: not yet overdue for a weekly test.
      { series: `kube_cronjob_created{namespace="${NS}",cronjob="db-restore-test"}`, values: steady(-86400, 30) },
    ],
    alert_rule_test: [
      {
        eval_time: '10m',
        alertname: 'DatabaseBackupStale',
        exp_alerts: [
          {
            exp_labels: { severity: 'warning', namespace: NS, cronjob: 'db-backup' },
            exp_annotations: {
              summary: 'The nightly database backup has not succeeded in time',
              description: `CronJob ${NS}/db-backup (nightly database backup) last succeeded 1d 3h 56m 40s ago, or never since it was created that long ago.`,
              runbook_url: `${RUNBOOK}/DatabaseBackupStale.md`,
            },
          },
        ],
      },
      { eval_time: '10m', alertname: 'RestoreTestStale', exp_alerts: [] },
    ],
  },
];

describe('promtool test rules on eks-production\'s rules', () => {
  it.each(tests.map((t) => [t.name, t] as const))('%s', (_name, test) => {
    const dir = writeFiles({ 'rules.yaml': { groups }, 'tests.yaml': { rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: [test] } });
    const result = promtool(['test', 'rules', 'tests.yaml'], dir);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
