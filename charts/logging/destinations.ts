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

/**
 * `/moderation/<environment>/audit`: the one log group of the application's audit events (the
 * contract's `"log_type": "audit"` records), kept for the audit retention, apart from the namespaces'.
 */
export const auditLogGroup = (environment: string) => `${logGroupPrefix(environment)}/audit`;

/**
 * `moderation-audit-<environment>`: the prefix of the daily indices of the application's audit events.
 * Outside `moderation-<environment>-*`, so the logs' ISM policy never deletes them at the logs' age.
 */
export const auditIndexPrefix = (environment: string) => `moderation-audit-${environment}`;

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

/** What every CloudWatch output shares: the region, the endpoint, a stream per pod and container, the retention of the `groups` it creates. */
function cloudWatchOutputTo(alias: string, groups: Readonly<Record<string, string>>, props: CloudWatchOutputProps): PluginSection {
  return {
    name: 'cloudwatch_logs',
    alias,
    region: props.region,
    ...(props.endpoint ? { endpoint: props.endpoint } : {}),
    ...groups,
    log_stream_prefix: 'unattributed.',
    log_stream_template: "$kubernetes['pod_name'].$kubernetes['container_name']",
    auto_create_group: true,
    log_retention_days: props.retentionDays,
    workers: OUTPUT_WORKERS,
  };
}

/**
 * Amazon CloudWatch Logs with the pod's own EKS Pod Identity role (no key): a log group per
 * namespace, `/moderation/<environment>/<namespace>`, created with its retention; a stream per pod
 * and container. Records without Kubernetes metadata go to `/moderation/<environment>/unattributed`.
 */
export function cloudWatchOutput(props: CloudWatchOutputProps): PluginSection {
  const prefix = logGroupPrefix(props.environment);
  return cloudWatchOutputTo('cloudwatch', { log_group_name: `${prefix}/unattributed`, log_group_template: `${prefix}/$kubernetes['namespace_name']` }, props);
}

/** The application's audit events in CloudWatch Logs: one log group, `/moderation/<environment>/audit`, kept `retentionDays` (the audit retention). */
export function cloudWatchAuditOutput(props: CloudWatchOutputProps): PluginSection {
  return cloudWatchOutputTo('cloudwatch-audit', { log_group_name: auditLogGroup(props.environment) }, props);
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

/** What every OpenSearch output shares: the cluster over verified TLS, the login, daily indices under `prefix`. */
function openSearchBase(alias: string, props: OpenSearchOutputProps, prefix: string): PluginSection {
  const { credentials } = props;
  return {
    'name': 'opensearch',
    alias,
    'host': props.host,
    'port': props.port,
    'tls': true,
    'tls.verify': true,
    'tls.ca_file': credentials.caFile,
    'http_user': `\${${credentials.usernameEnv}}`,
    'http_passwd': `\${${credentials.passwordEnv}}`,
    'logstash_format': true,
    'logstash_prefix': prefix,
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
 * A managed OpenSearch cluster over verified TLS (the provider's CA), as a user with write access to
 * the target's indices only: daily indices `moderation-<environment>-YYYY.MM.DD`, dots in field
 * names (Kubernetes labels) replaced so they map as plain fields, and an `_id` per record so a
 * retried bulk request never indexes a line twice.
 */
export function openSearchOutput(props: OpenSearchOutputProps): PluginSection {
  return openSearchBase('opensearch', props, indexPrefix(props.environment));
}

/** The application's audit events in the same cluster: daily indices `moderation-audit-<environment>-YYYY.MM.DD`, deleted by their own ISM policy. */
export function openSearchAuditOutput(props: OpenSearchOutputProps): PluginSection {
  return openSearchBase('opensearch-audit', props, auditIndexPrefix(props.environment));
}

/** The indices an ISM policy deletes, and the config field its age comes from (for people reading the policy). */
export interface IsmPolicyProps {
  /** The indices' prefix: the policy covers `<prefix>-*`. */
  readonly indexPrefix: string;
  readonly retentionDays: number;
  /** What the indices hold, e.g. "log", "audit event". */
  readonly holds: string;
  /** The config field the retention comes from, e.g. `logging.retentionDays`. */
  readonly field: string;
}

/**
 * An ISM policy that deletes the indices under a prefix once they are `retentionDays` old, applied
 * to every new index under it by its template. OpenSearch keeps it, not the cluster: apply it once
 * per change (docs/features/logging.md#opensearch-index-retention).
 */
export function ismPolicy(props: IsmPolicyProps): object {
  return {
    policy: {
      description: `Delete ${props.indexPrefix}-* ${props.holds} indices ${props.retentionDays} days after they are created (moderation-k8s, ${props.field}).`,
      default_state: 'open',
      states: [
        { name: 'open', actions: [], transitions: [{ state_name: 'delete', conditions: { min_index_age: `${props.retentionDays}d` } }] },
        { name: 'delete', actions: [{ delete: {} }], transitions: [] },
      ],
      ism_template: [{ index_patterns: [`${props.indexPrefix}-*`], priority: ISM_TEMPLATE_PRIORITY }],
    },
  };
}

/** The priority of the policies' index templates: the two prefixes never overlap, so one value serves both. */
const ISM_TEMPLATE_PRIORITY = 100;

/** The name the logs' ISM policy is stored under in OpenSearch. */
export const ismPolicyName = (environment: string) => `${indexPrefix(environment)}-logs`;

/** The name the audit events' ISM policy is stored under in OpenSearch. */
export const auditIsmPolicyName = (environment: string) => auditIndexPrefix(environment);
