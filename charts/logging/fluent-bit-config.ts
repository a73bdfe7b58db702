import { stringify } from 'yaml';
import { AUDIT_LOG_TYPE, requestLinePattern } from './contract';

/**
 * Fluent Bit's configuration as typed data, rendered to its YAML format (`fluent-bit.yaml`): one
 * builder per pipeline step, each with its numbers named, so the rendered file is a function of the
 * target and nothing is copied between sections. See docs/features/logging.md#the-pipeline.
 */

/** A property value; a list repeats the property (grep's `exclude`, log_to_metrics' `add_label`). */
export type PropertyValue = string | number | boolean | readonly string[];

/** One input, filter or output: its plugin `name` and its properties. */
export interface PluginSection {
  readonly name: string;
  readonly [property: string]: PropertyValue;
}

export interface FluentBitConfig {
  readonly service: Readonly<Record<string, PropertyValue>>;
  readonly pipeline: {
    readonly inputs: readonly PluginSection[];
    readonly filters: readonly PluginSection[];
    readonly outputs: readonly PluginSection[];
  };
}

/** Ports of the collector: its HTTP server (health, internal metrics) and the log-derived metrics. */
export const FLUENT_BIT_PORTS = { http: 2020, metrics: 2021 } as const;

/** Paths in the collector's container. */
export const FLUENT_BIT_PATHS = {
  /** The nodes' logs, mounted read-only from the host (`/var/log/containers/*.log` link into `/var/log/pods`). */
  hostLogs: '/var/log',
  /** The ConfigMap holding `fluent-bit.yaml`. */
  config: '/fluent-bit/etc/conf',
  /** The pod's own scratch volume: the tail offsets database and the filesystem buffer. */
  state: '/var/fluent-bit',
} as const;
export const CONFIG_FILE = 'fluent-bit.yaml';

/** Tag of the records read from container logs: `kube.var.log.containers.<pod>_<namespace>_<container>-<id>.log`. */
const CONTAINER_TAG = 'kube.*';
/** Tag of the metrics `log_to_metrics` derives, routed to the Prometheus exporter only. */
const LOG_METRICS_TAG = 'log_metrics';
/** Prefix of the tag an audit event is re-emitted under (`audit.kube.var.log.containers...`): outside `kube.*`, so only the audit destination receives it. */
export const AUDIT_TAG_PREFIX = 'audit';
const AUDIT_TAG = `${AUDIT_TAG_PREFIX}.*`;

/** The tag pattern of the containers of one namespace. */
export const namespaceTags = (namespace: string) => `kube.var.log.containers.*_${namespace}_*`;

/** Seconds between flushes to the outputs, and what a stopping collector is given to flush (below the pod's grace period). */
export const FLUSH_SECONDS = 1;
export const SHUTDOWN_GRACE_SECONDS = 20;

/**
 * Memory and disk bounds. With filesystem buffering an input's memory is bounded by the chunks
 * mapped at once (`storage.max_chunks_up`, ~2 MB each), not by `mem_buf_limit`, which bounds only
 * the memory-buffered log_to_metrics emitter here; every chunk also sits on disk, and an output's
 * queue on disk is capped (`storage.total_limit_size`: the oldest chunk goes first). Fluent Bit's
 * units are decimal (1M = 10^6 bytes), so each fits in the same number of MiB.
 */
export const BUFFER_LIMITS = {
  maxChunksUp: 32,
  /** Backlog chunks left by a previous run, brought back into memory at once. */
  backlogMemMB: 16,
  /** The destination's queue on disk. */
  outputQueueMB: 512,
  /** The audit destination's queue on disk: audit events are a few per user action, so this holds hours of an outage. */
  auditQueueMB: 64,
  /** The log_to_metrics emitter. */
  metricsEmitterMB: 4,
  /** A line longer than this is skipped rather than stopping the file (a traceback in one JSON line fits). */
  maxLineKB: 1024,
} as const;

/** Retries of a failed flush: exponential from 5 s, at most 2 minutes apart, 10 times (about 15 minutes) before a chunk is dropped. */
export const RETRY = { limit: 10, baseSeconds: 5, capSeconds: 120 } as const;

/** The collector reports itself unhealthy after this many output errors or failed retries within the period. */
const HEALTH_CHECK = { errors: 5, retryFailures: 5, periodSeconds: 60 } as const;

/** Milliseconds the multiline filter waits for the rest of a traceback. */
const MULTILINE_FLUSH_MS = 2000;

/** The counter of error-level lines, `fluentbit_logs_errors_total{namespace, container}`, emitted every 10 s. */
export const ERROR_COUNTER = { namespace: 'fluentbit', subsystem: 'logs', name: 'errors_total', flushSeconds: 10 } as const;
export const ERROR_COUNTER_METRIC = `${ERROR_COUNTER.namespace}_${ERROR_COUNTER.subsystem}_${ERROR_COUNTER.name}`;
/** The levels counted as errors: the contract's `error`, and what Python's logging calls worse. */
export const ERROR_LEVELS = ['error', 'ERROR', 'fatal', 'FATAL', 'critical', 'CRITICAL'] as const;

export interface FluentBitConfigProps {
  /** Namespace of the collector itself: its own lines are not read (a failing output would feed on its own errors). */
  readonly collectorNamespace: string;
  /** Namespace of the platform's services: their tracebacks are joined and their probe lines dropped. */
  readonly platformNamespace: string;
  /** Paths whose requests are dropped from the services' logs (the kubelet's probes). */
  readonly droppedRequestPaths: readonly string[];
  /** Where the records go: the cloud's log store (./destinations.ts). */
  readonly destination: PluginSection;
  /** Where the platform's audit events go: the same store, under the audit name and retention (./destinations.ts). */
  readonly auditDestination: PluginSection;
}

/** The whole configuration: tail → multiline → grep → kubernetes → log_to_metrics → rewrite_tag → the destination, the audit destination and the metrics exporter. */
export function fluentBitConfig(props: FluentBitConfigProps): FluentBitConfig {
  const platform = namespaceTags(props.platformNamespace);
  return {
    service: serviceSection(),
    pipeline: {
      inputs: [containerLogs(props.collectorNamespace)],
      // The multiline filter re-emits joined records to the head of the pipeline, so it comes first.
      // The audit events leave the container stream last: they are counted like any line before.
      filters: [pythonTracebacks(platform), droppedRequests(platform, props.droppedRequestPaths), kubernetesMetadata(), errorCounter(), auditEvents(platform)],
      outputs: [
        { ...props.destination, 'match': CONTAINER_TAG, ...queued(BUFFER_LIMITS.outputQueueMB) },
        { ...props.auditDestination, 'match': AUDIT_TAG, ...queued(BUFFER_LIMITS.auditQueueMB) },
        { name: 'prometheus_exporter', match: LOG_METRICS_TAG, host: '0.0.0.0', port: FLUENT_BIT_PORTS.metrics },
      ],
    },
  };
}

/** The disk queue and retries of a store's output. */
function queued(queueMB: number): Record<string, PropertyValue> {
  return { 'storage.total_limit_size': `${queueMB}M`, 'retry_limit': RETRY.limit };
}

/** Renders the configuration as `fluent-bit.yaml`. */
export function renderFluentBitConfig(config: FluentBitConfig): string {
  return stringify(config, { lineWidth: 0 });
}

function serviceSection(): FluentBitConfig['service'] {
  return {
    'flush': FLUSH_SECONDS,
    'grace': SHUTDOWN_GRACE_SECONDS,
    'log_level': 'info',
    'http_server': true,
    'http_listen': '0.0.0.0',
    'http_port': FLUENT_BIT_PORTS.http,
    'health_check': true,
    'hc_errors_count': HEALTH_CHECK.errors,
    'hc_retry_failure_count': HEALTH_CHECK.retryFailures,
    'hc_period': HEALTH_CHECK.periodSeconds,
    // A new configuration rolls the pods (the ConfigMap's hash is on the pod template); nothing reloads it over HTTP.
    'hot_reload': false,
    'storage.path': `${FLUENT_BIT_PATHS.state}/buffer`,
    'storage.max_chunks_up': BUFFER_LIMITS.maxChunksUp,
    'storage.backlog.mem_limit': `${BUFFER_LIMITS.backlogMemMB}M`,
    'storage.delete_irrecoverable_chunks': true,
    'storage.metrics': true,
    'scheduler.base': RETRY.baseSeconds,
    'scheduler.cap': RETRY.capSeconds,
  };
}

/** Every container's log on the node, CRI lines (split lines joined), offsets kept, buffered on disk. */
function containerLogs(collectorNamespace: string): PluginSection {
  return {
    'name': 'tail',
    'alias': 'containers',
    'tag': CONTAINER_TAG,
    'path': `${FLUENT_BIT_PATHS.hostLogs}/containers/*.log`,
    'exclude_path': `${FLUENT_BIT_PATHS.hostLogs}/containers/*_${collectorNamespace}_*.log`,
    'multiline.parser': 'cri',
    'db': `${FLUENT_BIT_PATHS.state}/tail.db`,
    'db.locking': true,
    'storage.type': 'filesystem',
    'buffer_max_size': `${BUFFER_LIMITS.maxLineKB}k`,
    'skip_long_lines': true,
  };
}

/** Python tracebacks printed outside the contract (a crash before logging is set up) become one record. */
function pythonTracebacks(match: string): PluginSection {
  return {
    'name': 'multiline',
    'alias': 'python-tracebacks',
    match,
    'multiline.key_content': 'log',
    'multiline.parser': 'python',
    'buffer': true,
    'flush_ms': MULTILINE_FLUSH_MS,
    'emitter_name': 'python_tracebacks',
    'emitter_storage.type': 'filesystem',
  };
}

/** The services' lines about the kubelet's probes: a request every few seconds per pod, and no information. */
function droppedRequests(match: string, paths: readonly string[]): PluginSection {
  return { name: 'grep', alias: 'probe-noise', match, logical_op: 'or', exclude: paths.map((path) => `log ${requestLinePattern(path)}`) };
}

/**
 * Pod metadata from the API server (namespace, pod, container, labels; not annotations, which may
 * hold whole manifests), and the JSON line merged into the record. Pods cannot choose a parser or
 * exclude themselves through annotations: a compromised pod must not hide its logs.
 */
function kubernetesMetadata(): PluginSection {
  return {
    'name': 'kubernetes',
    'alias': 'metadata',
    'match': CONTAINER_TAG,
    'merge_log': true,
    'keep_log': false,
    'labels': true,
    'annotations': false,
    'k8s-logging.parser': false,
    'k8s-logging.exclude': false,
    // Room for large pod specs: a response above it is dropped and the record goes without metadata.
    'buffer_size': '256k',
  };
}

/**
 * The platform services' audit events (`"log_type": "audit"`, merged into the record by the metadata
 * filter) re-emitted under `audit.<tag>` and removed from the container stream, so they reach only
 * the audit destination. Only the platform's namespace: another pod cannot write into the audit trail
 * (its `log_type: audit` lines stay ordinary logs). The emitter buffers on disk like the input.
 */
function auditEvents(match: string): PluginSection {
  return {
    'name': 'rewrite_tag',
    'alias': 'audit-events',
    match,
    'rule': `$log_type ^${AUDIT_LOG_TYPE}$ ${AUDIT_TAG_PREFIX}.$TAG false`,
    'emitter_name': 'audit_events',
    'emitter_storage.type': 'filesystem',
  };
}

/** Counts error-level lines per namespace and container, for the alert on a burst of errors. */
function errorCounter(): PluginSection {
  return {
    'name': 'log_to_metrics',
    'alias': 'error-lines',
    'match': CONTAINER_TAG,
    'tag': LOG_METRICS_TAG,
    'metric_mode': 'counter',
    'metric_namespace': ERROR_COUNTER.namespace,
    'metric_subsystem': ERROR_COUNTER.subsystem,
    'metric_name': ERROR_COUNTER.name,
    'metric_description': 'Log lines at error level or worse, by namespace and container',
    'regex': `level ^(?:${ERROR_LEVELS.join('|')})$`,
    'add_label': ["namespace $kubernetes['namespace_name']", "container $kubernetes['container_name']"],
    'flush_interval_sec': ERROR_COUNTER.flushSeconds,
    'emitter_name': 'error_lines',
    'emitter_mem_buf_limit': `${BUFFER_LIMITS.metricsEmitterMB}M`,
  };
}
