import { prometheusRetentionDays } from '../../charts/addons/schema';
import type { RetentionKind } from '../../charts/compliance/retention';
import { CONFIG_FILE, type FluentBitConfig } from '../../charts/logging/fluent-bit-config';
import { parse } from 'yaml';
import type { KubeObject } from '../support/render';

/** A rendered object's field that applies a retention: which retention, where, and the days it holds. */
export interface RetentionCarrier {
  readonly kind: RetentionKind;
  readonly where: string;
  readonly days: number;
}

const describe = (object: KubeObject, field: string) => `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}: ${field}`;

/** Every `prometheusSpec.retention` under a value (the add-on Applications' Helm values). */
function prometheusRetentions(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(prometheusRetentions);
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const own = typeof record.prometheusSpec === 'object' && record.prometheusSpec !== null ? (record.prometheusSpec as Record<string, unknown>).retention : undefined;
  return [...(typeof own === 'string' ? [own] : []), ...Object.values(record).flatMap(prometheusRetentions)];
}

/** Days of an ISM policy's delete transition (`min_index_age: "90d"`). */
function ismDays(policyJson: string): number {
  const policy = JSON.parse(policyJson) as { policy: { states: { transitions: { conditions: { min_index_age: string } }[] }[] } };
  return Number(/^(\d+)d$/.exec(policy.policy.states[0].transitions[0].conditions.min_index_age)![1]);
}

/**
 * Every field of a target's rendered objects (its cluster's and its estate's) that applies one of the
 * retentions of charts/compliance/retention.ts. What is not recognised here is not counted: the test
 * asserts which retentions each target must carry, so a carrier that disappears fails it.
 */
export function retentionCarriers(objects: readonly KubeObject[]): RetentionCarrier[] {
  const carriers: RetentionCarrier[] = [];
  const add = (kind: RetentionKind, where: string, days: number) => carriers.push({ kind, where, days });
  for (const object of objects) {
    const spec = (object.spec ?? {}) as Record<string, any>;
    const forProvider = (spec.forProvider ?? {}) as Record<string, any>;
    // The collector's outputs: logs, and the audit events apart.
    if (object.kind === 'ConfigMap' && typeof object.data?.[CONFIG_FILE] === 'string') {
      const config = parse(object.data[CONFIG_FILE] as string) as FluentBitConfig;
      for (const output of config.pipeline.outputs) {
        if (typeof output.log_retention_days !== 'number') continue;
        add(String(output.match).startsWith('audit.') ? 'auditLogs' : 'logs', describe(object, `output ${String(output.alias)} log_retention_days`), output.log_retention_days);
      }
    }
    // OpenSearch ISM policies.
    if (object.kind === 'ConfigMap' && typeof object.data?.['policy.json'] === 'string') {
      add(/audit/.test(object.metadata.name) ? 'auditLogs' : 'logs', describe(object, 'ISM delete age'), ismDays(object.data['policy.json'] as string));
    }
    // The managed databases' log sinks (DigitalOcean).
    if (object.kind === 'LogSinkOpenSearch' && typeof forProvider.indexDaysMax === 'number') add('logs', describe(object, 'indexDaysMax'), forProvider.indexDaysMax);
    // CloudWatch log groups the estate creates (AWS): the control plane's and the audit events' keep the audit retention.
    if (object.kind === 'Group' && object.apiVersion.startsWith('cloudwatchlogs.') && typeof forProvider.retentionInDays === 'number') {
      const name = String(forProvider.name ?? object.metadata.annotations?.['crossplane.io/external-name'] ?? object.metadata.name);
      add(/^\/aws\/eks\/.*\/cluster$|\/audit$/.test(name) ? 'auditLogs' : 'logs', describe(object, `retentionInDays of ${name}`), forProvider.retentionInDays);
    }
    // Prometheus, through the add-on's Helm values.
    if (object.kind === 'Application') {
      for (const retention of prometheusRetentions(object.spec)) add('metrics', describe(object, 'prometheusSpec.retention'), prometheusRetentionDays(retention)!);
    }
    // The backup bucket's lifecycle (Spaces: on the Bucket; S3: its lifecycle configuration).
    for (const rule of [...(forProvider.lifecycleRule ?? []), ...(forProvider.rule ?? [])] as Record<string, any>[]) {
      for (const expiration of (rule.expiration ?? []) as { days?: number }[]) {
        if (typeof expiration.days === 'number') add('backups', describe(object, `lifecycle rule ${String(rule.id)} expiration`), expiration.days);
      }
    }
    // The restore test checks the bucket holds no dump older than the retention.
    if (object.kind === 'CronJob') {
      const pod = (spec.jobTemplate?.spec?.template?.spec ?? {}) as Record<string, any>;
      for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])] as { env?: { name: string; value?: string }[] }[]) {
        const env = container.env?.find((e) => e.name === 'RETENTION_DAYS');
        if (env?.value) add('backups', describe(object, 'RETENTION_DAYS'), Number(env.value));
      }
    }
    // RDS automated backups and point-in-time recovery (AWS).
    if (object.kind === 'Instance' && object.apiVersion.startsWith('rds.') && typeof forProvider.backupRetentionPeriod === 'number') {
      add('databaseBackups', describe(object, 'backupRetentionPeriod'), forProvider.backupRetentionPeriod);
    }
  }
  return carriers;
}
