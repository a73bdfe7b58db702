/**
 * The catalogue of every metric the platform's rules and dashboards read, with the exporter that
 * produces it. A test parses every expression and fails on a metric that is not listed here, so a
 * rule can never quietly watch a series nobody exports. Where the platform owns the producer (the
 * services, the log collector), the entry is the contract the producer must keep.
 */

/**
 * Where a series says which namespace it is about. Rules set the `namespace` label from it, so
 * every alert carries the namespace of the objects it concerns: prometheus-operator adds a
 * `namespace` matcher to the routes of each AlertmanagerConfig, and an alert without the
 * platform's namespace would never reach the platform's receivers.
 */
export type NamespaceSource =
  /** A label of the series: `namespace` where the exporter runs beside the objects or its scrape honours labels. */
  | { readonly kind: 'label'; readonly label: string }
  /** Envoy Gateway's cluster name, `httproute/<namespace>/<route>/rule/<n>`: the route's namespace (and name). */
  | { readonly kind: 'envoy-cluster' }
  /** None: a cluster-wide component (one per cluster, one target per cluster), attributed to the platform's namespace. */
  | { readonly kind: 'cluster-wide' };

export interface Exporter {
  /** Who runs it and how Prometheus scrapes it. */
  readonly description: string;
  readonly namespace: NamespaceSource;
}

/**
 * cert-manager, External Secrets, KEDA and the log collector export metrics about objects in other
 * namespaces with a `namespace` label of their own. Their ServiceMonitors and PodMonitors keep
 * `honorLabels: false`, so Prometheus renames it `exported_namespace` (the target's `namespace` is
 * the exporter's own).
 */
const EXPORTED_NAMESPACE: NamespaceSource = { kind: 'label', label: 'exported_namespace' };
const OWN_NAMESPACE: NamespaceSource = { kind: 'label', label: 'namespace' };

export const EXPORTERS = {
  'kube-state-metrics': { description: 'kube-prometheus-stack\'s kube-state-metrics (its ServiceMonitor honours labels)', namespace: OWN_NAMESPACE },
  'envoy': { description: 'the edge\'s Envoy proxies, scraped by the edge PodMonitor (charts/edge/proxy-monitoring.ts)', namespace: { kind: 'envoy-cluster' } },
  'keda': { description: 'the KEDA operator (KEDA chart: `prometheus.operator.enabled` and its `serviceMonitor` or `podMonitor`)', namespace: EXPORTED_NAMESPACE },
  'cert-manager': { description: 'the cert-manager controller (cert-manager chart: `prometheus.servicemonitor.enabled`)', namespace: EXPORTED_NAMESPACE },
  'external-secrets': { description: 'the External Secrets controller (ESO chart: `serviceMonitor.enabled`)', namespace: EXPORTED_NAMESPACE },
  'pgbouncer-exporter': { description: 'prometheus-community pgbouncer_exporter beside PgBouncer, in the platform namespace (charts/pooler)', namespace: OWN_NAMESPACE },
  'fluent-bit': { description: 'Fluent Bit\'s own metrics endpoint, one DaemonSet per cluster (charts/logging)', namespace: { kind: 'cluster-wide' } },
  'log-collector': {
    description:
      'Fluent Bit\'s `log_to_metrics` filter (charts/logging), on the collector\'s `metrics` port: counters labelled with the logging pod\'s `namespace` (which the scrape renames `exported_namespace`) and `container`',
    namespace: EXPORTED_NAMESPACE,
  },
  'ml-inference': { description: 'the ml-inference service\'s own `/metrics` (Python prometheus_client), scraped by its PodMonitor', namespace: OWN_NAMESPACE },
  'prometheus': { description: 'Prometheus itself (synthetic series)', namespace: OWN_NAMESPACE },
} as const satisfies Record<string, Exporter>;
export type ExporterId = keyof typeof EXPORTERS;

export interface MetricInfo {
  readonly exporter: ExporterId;
  /** A histogram covers its `_bucket`, `_count` and `_sum` series. */
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly help: string;
}

export const METRICS: Readonly<Record<string, MetricInfo>> = {
  // kube-state-metrics
  kube_pod_container_status_waiting_reason: { exporter: 'kube-state-metrics', type: 'gauge', help: 'why a container is waiting (CrashLoopBackOff, ...)' },
  kube_pod_container_status_restarts_total: { exporter: 'kube-state-metrics', type: 'counter', help: 'container restarts' },
  kube_pod_status_phase: { exporter: 'kube-state-metrics', type: 'gauge', help: 'the pod\'s phase' },
  kube_pod_status_ready: { exporter: 'kube-state-metrics', type: 'gauge', help: 'the pod\'s Ready condition' },
  kube_deployment_status_condition: { exporter: 'kube-state-metrics', type: 'gauge', help: 'the Deployment\'s conditions (Progressing false: past its progress deadline)' },
  kube_deployment_status_replicas_available: { exporter: 'kube-state-metrics', type: 'gauge', help: 'available replicas of a Deployment' },
  kube_horizontalpodautoscaler_status_current_replicas: { exporter: 'kube-state-metrics', type: 'gauge', help: 'replicas an HPA (ours or KEDA\'s) runs' },
  kube_horizontalpodautoscaler_spec_max_replicas: { exporter: 'kube-state-metrics', type: 'gauge', help: 'an HPA\'s maximum' },
  kube_horizontalpodautoscaler_spec_min_replicas: { exporter: 'kube-state-metrics', type: 'gauge', help: 'an HPA\'s minimum' },
  kube_cronjob_status_last_successful_time: { exporter: 'kube-state-metrics', type: 'gauge', help: 'when a CronJob last completed a Job successfully (absent until it has)' },
  kube_cronjob_created: { exporter: 'kube-state-metrics', type: 'gauge', help: 'when a CronJob was created' },
  // Envoy (Envoy Gateway's proxies)
  envoy_cluster_upstream_rq_total: { exporter: 'envoy', type: 'counter', help: 'requests sent to a route\'s backends (each attempt, retries included)' },
  envoy_cluster_upstream_rq_xx: { exporter: 'envoy', type: 'counter', help: 'backend responses by class (`envoy_response_code_class`), Envoy\'s own 503/504 for failed or timed-out attempts included' },
  envoy_cluster_upstream_rq_time: { exporter: 'envoy', type: 'histogram', help: 'time to a backend\'s full response, in milliseconds' },
  // KEDA
  keda_scaler_metrics_value: { exporter: 'keda', type: 'gauge', help: 'the value a scaler last read: the worker\'s consumer lag in messages, capped by KEDA at partitions × lagThreshold' },
  // PgBouncer
  pgbouncer_pools_client_waiting_connections: { exporter: 'pgbouncer-exporter', type: 'gauge', help: 'clients waiting for a server connection, per pool' },
  pgbouncer_pools_client_active_connections: { exporter: 'pgbouncer-exporter', type: 'gauge', help: 'clients linked to a server connection, per pool' },
  pgbouncer_pools_server_active_connections: { exporter: 'pgbouncer-exporter', type: 'gauge', help: 'server connections linked to a client, per pool' },
  pgbouncer_databases_pool_size: { exporter: 'pgbouncer-exporter', type: 'gauge', help: 'the pool size of a database (label `name`: the PgBouncer database)' },
  // cert-manager
  certmanager_certificate_expiration_timestamp_seconds: { exporter: 'cert-manager', type: 'gauge', help: 'when a Certificate\'s current certificate expires' },
  certmanager_certificate_ready_status: { exporter: 'cert-manager', type: 'gauge', help: 'a Certificate\'s Ready condition' },
  // External Secrets
  externalsecret_status_condition: { exporter: 'external-secrets', type: 'gauge', help: 'an ExternalSecret\'s conditions (Ready false: the last sync failed)' },
  // Fluent Bit and the log-derived metric
  fluentbit_output_dropped_records_total: { exporter: 'fluent-bit', type: 'counter', help: 'records an output dropped (unrecoverable errors)' },
  fluentbit_output_retries_failed_total: { exporter: 'fluent-bit', type: 'counter', help: 'chunks an output dropped after exhausting its retries' },
  fluentbit_logs_errors_total: { exporter: 'log-collector', type: 'counter', help: 'log lines at level error or worse, per namespace and container (the service\'s name)' },
  // The services' own metrics
  inference_request_duration_seconds: { exporter: 'ml-inference', type: 'histogram', help: 'time to answer a prediction request; buckets include 1.0 (prometheus_client\'s defaults)' },
  inference_requests_in_flight: { exporter: 'ml-inference', type: 'gauge', help: 'prediction requests being served (KEDA scales on it)' },
  // Prometheus
  ALERTS: { exporter: 'prometheus', type: 'gauge', help: 'the alerts Prometheus has pending or firing' },
};

const HISTOGRAM_SERIES = /_(bucket|count|sum)$/;

/** The catalogue entry of a series name (a histogram's `_bucket`, `_count`, `_sum` find the histogram). */
export function metricInfo(series: string): MetricInfo | undefined {
  const direct = METRICS[series];
  if (direct) return direct;
  const histogram = METRICS[series.replace(HISTOGRAM_SERIES, '')];
  return histogram?.type === 'histogram' && HISTOGRAM_SERIES.test(series) ? histogram : undefined;
}
