import { SCHEDULED_JOBS } from '../alerting/platform-alerts';
import { envoyClusters, quote, rate, seriesIn, withRoute } from '../alerting/promql';
import { errorRatio, errorRatioRecord, OBJECTIVE_RECORD } from '../alerting/slo-rules';
import { workerMaxLag, type ResolvedSlo } from '../alerting/sli';
import { SLO_PERIOD_DAYS } from '../alerting/slos';
import type { Target } from '../config/target';
import type { ServiceName } from '../platform/services';
import type { PanelSpec } from './grafana';

/**
 * The panels of the dashboards, from the same tables as the alerts: each objective of
 * charts/alerting/slos.ts gives its indicator, budget and burn panels and the traffic panels of its
 * source (Envoy, the service's histogram, KEDA's lag); the platform panels read what the platform
 * alerts watch. Queries select with `seriesIn`, as the rules do.
 */

const PERIOD = `${SLO_PERIOD_DAYS}d`;
const QUANTILES = [0.5, 0.95, 0.99] as const;
const RATE_WINDOW = '5m';

/** The 30-day indicator, the budget left and the burn rates of one objective. */
export function objectivePanels(target: Target, slo: ResolvedSlo): PanelSpec[] {
  const ns = target.namespace;
  const period = errorRatio(slo, ns, PERIOD);
  const burn = (window: string) => ({ expr: `${errorRatioRecord(window)}{namespace=${quote(ns)},slo=${quote(slo.id)}} / ${slo.budget}`, legend: window });
  return [
    { title: `${slo.id}: ${SLO_PERIOD_DAYS}-day indicator`, description: `Objective: ${slo.objective} % of ${slo.promise}.`, type: 'stat', unit: 'percentunit', width: 6, goodFrom: 1 - slo.budget, queries: [{ expr: `1 - (${period})`, legend: slo.id }] },
    { title: `${slo.id}: error budget left`, type: 'stat', unit: 'percentunit', width: 6, goodFrom: 0, queries: [{ expr: `1 - (${period}) / ${slo.budget}`, legend: slo.id }] },
    { title: `${slo.id}: burn rate`, description: 'How many times as fast as the objective allows the budget burns; pages at 14.4 (1h) and 6 (6h), tickets at 3 (1d) and 1 (3d).', type: 'timeseries', unit: 'short', queries: ['1h', '6h', '1d', '3d'].map(burn) },
  ];
}

/** Requests, 5xx and latency per route, from Envoy, for a service behind the edge. */
function edgePanels(target: Target, routes: readonly string[]): PanelSpec[] {
  const ns = target.namespace;
  const clusters = envoyClusters(ns, routes);
  const perRoute = (metric: string, matchers: string[] = []) => `sum by (route) (${withRoute(seriesIn(ns, metric, [clusters, ...matchers], rate(RATE_WINDOW)))})`;
  const buckets = `sum by (le) (${seriesIn(ns, 'envoy_cluster_upstream_rq_time_bucket', [clusters], rate(RATE_WINDOW))})`;
  return [
    { title: 'Requests per route', type: 'timeseries', unit: 'reqps', queries: [{ expr: perRoute('envoy_cluster_upstream_rq_total'), legend: '{{route}}' }] },
    { title: '5xx share per route', type: 'timeseries', unit: 'percentunit', queries: [{ expr: `${perRoute('envoy_cluster_upstream_rq_xx', ['envoy_response_code_class="5"'])} / ${perRoute('envoy_cluster_upstream_rq_total')}`, legend: '{{route}}' }] },
    { title: 'Backend latency (Envoy)', type: 'timeseries', unit: 'ms', queries: QUANTILES.map((q) => ({ expr: `histogram_quantile(${q}, ${buckets})`, legend: `p${q * 100}` })) },
  ];
}

/** Requests, latency and requests in flight, from the service's own histogram (seconds). */
function histogramPanels(target: Target, metric: string): PanelSpec[] {
  const ns = target.namespace;
  const buckets = `sum by (le) (${seriesIn(ns, `${metric}_bucket`, [], rate(RATE_WINDOW))})`;
  const inFlight = target.scaling.inference.inFlightMetric;
  return [
    { title: 'Requests', type: 'timeseries', unit: 'reqps', queries: [{ expr: `sum by (namespace) (${seriesIn(ns, `${metric}_count`, [], rate(RATE_WINDOW))})`, legend: 'requests' }] },
    { title: 'Latency', type: 'timeseries', unit: 's', queries: QUANTILES.map((q) => ({ expr: `histogram_quantile(${q}, ${buckets})`, legend: `p${q * 100}` })) },
    { title: 'Requests in flight (KEDA scales on it)', type: 'timeseries', unit: 'short', queries: [{ expr: `sum by (pod) (${seriesIn(ns, inFlight)})`, legend: '{{pod}}' }] },
  ];
}

/** The worker's consumer lag as KEDA reads it, against the freshness bound. */
function lagPanels(target: Target, service: ServiceName): PanelSpec[] {
  const lag = `max by (namespace) (${seriesIn(target.namespace, 'keda_scaler_metrics_value', [`scaledObject=${quote(service)}`])})`;
  return [
    {
      title: 'Consumer lag (messages, as KEDA reads it)',
      description: `KEDA caps the lag it reports at scaling.worker.partitions × lagThreshold. Above the bound (${workerMaxLag(target)}), time counts against the freshness objective.`,
      type: 'timeseries',
      unit: 'short',
      width: 24,
      queries: [
        { expr: lag, legend: 'lag' },
        { expr: `vector(${workerMaxLag(target)})`, legend: 'freshness bound' },
      ],
    },
  ];
}

/** Replicas against the autoscaler's maximum, and restarts, of a service's pods. */
function podPanels(target: Target, service: ServiceName): PanelSpec[] {
  const ns = target.namespace;
  return [
    {
      title: 'Replicas',
      type: 'timeseries',
      unit: 'short',
      queries: [
        { expr: `sum by (deployment) (${seriesIn(ns, 'kube_deployment_status_replicas_available', [`deployment=${quote(service)}`])})`, legend: 'available' },
        { expr: `max by (horizontalpodautoscaler) (${seriesIn(ns, 'kube_horizontalpodautoscaler_spec_max_replicas', [`horizontalpodautoscaler=~${quote(`${service}|keda-hpa-${service}`)}`])})`, legend: 'autoscaler maximum' },
      ],
    },
    {
      title: 'Container restarts (1h)',
      type: 'timeseries',
      unit: 'short',
      queries: [{ expr: `sum by (pod) (${seriesIn(ns, 'kube_pod_container_status_restarts_total', [`container=${quote(service)}`], (s) => `increase(${s}[1h])`)})`, legend: '{{pod}}' }],
    },
  ];
}

/** A service's panels: each objective, the traffic (or lag) its objectives are measured on, its pods. */
export function servicePanels(target: Target, service: ServiceName, slos: readonly ResolvedSlo[]): PanelSpec[] {
  const own = slos.filter((s) => s.service === service);
  const edgeRoutes = own.find((s) => s.routes)?.routes;
  const histogram = own.map((s) => s.indicator).find((i) => i.kind === 'latency-histogram');
  return [
    ...own.flatMap((slo) => objectivePanels(target, slo)),
    ...(edgeRoutes ? edgePanels(target, edgeRoutes) : []),
    ...(histogram?.kind === 'latency-histogram' ? histogramPanels(target, histogram.metric) : []),
    ...(own.some((s) => s.indicator.kind === 'consumer-lag') ? lagPanels(target, service) : []),
    ...podPanels(target, service),
  ];
}

/** The platform at a glance: every objective, what fires, and what the platform alerts watch. */
export function overviewPanels(target: Target, slos: readonly ResolvedSlo[]): PanelSpec[] {
  const ns = target.namespace;
  const series = (metric: string, matchers: string[] = [], around?: (s: string) => string) => seriesIn(ns, metric, matchers, around);
  return [
    { title: `Objectives: ${SLO_PERIOD_DAYS}-day indicators`, type: 'stat', unit: 'percentunit', width: 24, queries: slos.map((slo) => ({ expr: `1 - (${errorRatio(slo, ns, `${SLO_PERIOD_DAYS}d`)})`, legend: slo.id })) },
    {
      title: 'Burn rate over 1h, per objective',
      description: 'How many times as fast as its objective allows each budget burns; pages above 14.4.',
      type: 'timeseries',
      unit: 'short',
      queries: [{ expr: `${errorRatioRecord('1h')}{namespace=${quote(ns)}} / on (namespace, service, slo) (1 - ${OBJECTIVE_RECORD}{namespace=${quote(ns)}})`, legend: '{{slo}}' }],
    },
    { title: 'Firing alerts', type: 'timeseries', unit: 'short', queries: [{ expr: `sum by (alertname, severity) (${series('ALERTS', ['alertstate="firing"'])})`, legend: '{{alertname}} ({{severity}})' }] },
    { title: 'Pods not ready', type: 'timeseries', unit: 'short', queries: [{ expr: `sum by (pod) (${series('kube_pod_status_ready', ['condition="false"'])}) > 0`, legend: '{{pod}}' }] },
    {
      title: 'Autoscalers: replicas / maximum',
      type: 'timeseries',
      unit: 'percentunit',
      queries: [{ expr: `max by (horizontalpodautoscaler) (${series('kube_horizontalpodautoscaler_status_current_replicas')}) / max by (horizontalpodautoscaler) (${series('kube_horizontalpodautoscaler_spec_max_replicas')})`, legend: '{{horizontalpodautoscaler}}' }],
    },
    { title: 'PgBouncer: clients waiting', type: 'timeseries', unit: 'short', queries: [{ expr: `sum by (database) (${series('pgbouncer_pools_client_waiting_connections')})`, legend: '{{database}}' }] },
    { title: 'Certificates: time to expiry', type: 'stat', unit: 's', queries: [{ expr: `min by (name) (${series('certmanager_certificate_expiration_timestamp_seconds')}) - time()`, legend: '{{name}}' }] },
    {
      title: 'Backups: time since last success',
      type: 'stat',
      unit: 's',
      queries: [{ expr: `time() - max by (cronjob) (${series('kube_cronjob_status_last_successful_time', [`cronjob=~${quote(SCHEDULED_JOBS.map((j) => j.cronJob).join('|'))}`])})`, legend: '{{cronjob}}' }],
    },
    { title: 'ExternalSecrets not ready', type: 'stat', unit: 'short', queries: [{ expr: `count by (namespace) (${series('externalsecret_status_condition', ['condition="Ready"', 'status="False"'])} == 1) or vector(0)`, legend: 'not ready' }] },
    {
      title: 'Logs: dropped records and error lines',
      type: 'timeseries',
      unit: 'short',
      queries: [
        { expr: `sum by (name) (${series('fluentbit_output_dropped_records_total', [], rate(RATE_WINDOW))})`, legend: 'dropped: {{name}}' },
        { expr: `sum by (container) (${series('fluentbit_logs_errors_total', [], rate(RATE_WINDOW))})`, legend: 'errors/s: {{container}}' },
      ],
    },
  ];
}
