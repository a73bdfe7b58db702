import type { PluginSection } from './fluent-bit-config';

/**
 * The Fluent Bit output of each kind of log store (the cloud profile's `logStore`), and the names
 * logs are filed under: per environment, so staging and production never share a log group or an
 * index. The output's queue and retries are set by ./fluent-bit-config.ts, the same for every store.
 */

/** `/moderation/<environment>`: the prefix of a target's CloudWatch log groups, one per namespace. */
export const logGroupPrefix = (environment: string) => `/moderation/${environment}`;

/** `moderation-<environment>`: the prefix of a target's daily OpenSearch indices (`moderation-production-2026.11.25`). */
export const indexPrefix = (environment: string) => `moderation-${environment}`;

/** Parallel flushes to the store: enough for a node's volume, few enough connections. */
const OUTPUT_WORKERS = 2;

export interface CloudWatchOutputProps {
  readonly region: string;
  /** Another host for the Logs API (a FIPS endpoint). @default the region's (`logs.<region>.amazonaws.com`, private through a VPC interface endpoint) */
  readonly endpoint?: string;
  readonly environment: string;
  /** Retention of the log groups Fluent Bit creates, in days (one CloudWatch accepts). */
  readonly retentionDays: number;
}

/**
 * Amazon CloudWatch Logs with the pod's own EKS Pod Identity role (no key): a log group per
 * namespace, `/moderation/<environment>/<namespace>`, created with its retention; a stream per pod
 * and container. Records without Kubernetes metadata go to `/moderation/<environment>/unattributed`.
 */
export function cloudWatchOutput(props: CloudWatchOutputProps): PluginSection {
  const prefix = logGroupPrefix(props.environment);
  return {
    name: 'cloudwatch_logs',
    alias: 'cloudwatch',
    region: props.region,
    ...(props.endpoint ? { endpoint: props.endpoint } : {}),
    log_group_name: `${prefix}/unattributed`,
    log_group_template: `${prefix}/$kubernetes['namespace_name']`,
    log_stream_prefix: 'unattributed.',
    log_stream_template: "$kubernetes['pod_name'].$kubernetes['container_name']",
    auto_create_group: true,
    log_retention_days: props.retentionDays,
    workers: OUTPUT_WORKERS,
  };
}

/** Environment variables and the file the OpenSearch output reads its credentials from (the synced Secret). */
export interface OpenSearchCredentials {
  readonly usernameEnv: string;
  readonly passwordEnv: string;
  readonly caFile: string;
}

export interface OpenSearchOutputProps {
  readonly host: string;
  readonly port: number;
  readonly environment: string;
  readonly credentials: OpenSearchCredentials;
}

/**
 * A managed OpenSearch cluster over verified TLS (the provider's CA), as a user with write access to
 * the target's indices only: daily indices `moderation-<environment>-YYYY.MM.DD`, dots in field
 * names (Kubernetes labels) replaced so they map as plain fields, and an `_id` per record so a
 * retried bulk request never indexes a line twice.
 */
export function openSearchOutput(props: OpenSearchOutputProps): PluginSection {
  const { credentials } = props;
  return {
    'name': 'opensearch',
    'alias': 'opensearch',
    'host': props.host,
    'port': props.port,
    'tls': true,
    'tls.verify': true,
    'tls.ca_file': credentials.caFile,
    'http_user': `\${${credentials.usernameEnv}}`,
    'http_passwd': `\${${credentials.passwordEnv}}`,
    'logstash_format': true,
    'logstash_prefix': indexPrefix(props.environment),
    'logstash_dateformat': '%Y.%m.%d',
    'time_key_nanos': true,
    'suppress_type_name': true,
    'replace_dots': true,
    'generate_id': true,
    'compress': 'gzip',
    'workers': OUTPUT_WORKERS,
  };
}

/**
 * The ISM policy that deletes a target's indices once they are `retentionDays` old, applied to every
 * new index of the target by its template. OpenSearch keeps it, not the cluster: apply it once per
 * change (docs/features/logging.md#opensearch-index-retention).
 */
export function ismPolicy(environment: string, retentionDays: number): object {
  return {
    policy: {
      description: `Delete ${indexPrefix(environment)}-* log indices ${retentionDays} days after they are created (moderation-k8s, logging.retentionDays).`,
      default_state: 'open',
      states: [
        { name: 'open', actions: [], transitions: [{ state_name: 'delete', conditions: { min_index_age: `${retentionDays}d` } }] },
        { name: 'delete', actions: [{ delete: {} }], transitions: [] },
      ],
      ism_template: [{ index_patterns: [`${indexPrefix(environment)}-*`], priority: 100 }],
    },
  };
}

/** The name the ISM policy is stored under in OpenSearch. */
export const ismPolicyName = (environment: string) => `${indexPrefix(environment)}-logs`;
