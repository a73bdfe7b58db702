import { z } from 'zod';
import { cidr, dnsLabel, hostname, imageVersion, port, registry } from '../config/primitives';
import type { Environment } from '../workloads/defaults';

/**
 * The `logging` section of a target: how the services log, where the node collector (Fluent Bit)
 * runs and ships to, and how long logs are kept. Where the logs go is the cloud's (its profile's
 * `logStore`); the target gives the addresses. Rules that depend on the cloud live in ./rules.ts.
 */

/** Levels of the log contract, least severe first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Retention bounds, in days: at least a month, so an abuse report or a moderation appeal can still
 * be traced; at most a quarter, because logs carry personal data (client IPs, user agents) that is
 * kept no longer than it is needed.
 */
export const MIN_RETENTION_DAYS = 30;
export const MAX_RETENTION_DAYS = 90;

/** Retention when a target sets none. */
export const DEFAULT_RETENTION_DAYS: Readonly<Record<Environment, number>> = { staging: 30, production: 90 };

/**
 * Audit-log retention bounds, in days (the cluster's API audit log, the application's audit events):
 * at least a quarter, the longest ordinary logs are kept, so an audit trail never disappears before
 * the logs it explains; at most 400 days, a year of evidence for a SOC 2 Type II audit period plus
 * the weeks the report takes, and no longer, because audit events name people (actors).
 */
export const AUDIT_RETENTION_DAYS = { min: 90, max: 400 } as const;

/** Audit retention when a target sets none: a year in production (a SOC 2 audit period), a quarter in staging. */
export const DEFAULT_AUDIT_RETENTION_DAYS: Readonly<Record<Environment, number>> = { staging: 90, production: 365 };

/** The collector's image: Fluent Bit 5.1.2 from the Fluent Bit project's own registry, by tag. */
export const FLUENT_BIT_IMAGE = { repository: 'cr.fluentbit.io/fluent/fluent-bit', version: '5.1.2' } as const;

const retentionDays = z
  .number({ message: 'must be a number of days' })
  .int('must be a whole number of days')
  .min(MIN_RETENTION_DAYS, `must be at least ${MIN_RETENTION_DAYS} days: abuse reports and appeals are investigated up to a month later`)
  .max(MAX_RETENTION_DAYS, `must be at most ${MAX_RETENTION_DAYS} days: logs hold personal data (client IPs, user agents) and are kept no longer than needed`);

const auditRetentionDays = z
  .number({ message: 'must be a number of days' })
  .int('must be a whole number of days')
  .min(AUDIT_RETENTION_DAYS.min, `must be at least ${AUDIT_RETENTION_DAYS.min} days: an audit trail outlives the ordinary logs it explains (kept up to ${MAX_RETENTION_DAYS} days)`)
  .max(AUDIT_RETENTION_DAYS.max, `must be at most ${AUDIT_RETENTION_DAYS.max} days: a year of evidence covers a SOC 2 audit period, and audit events name people, who are kept no longer than needed`);

const cidrs = (what: string) => z.array(cidr).min(1, `must list at least one CIDR: the addresses of ${what}, the only ones the collector may reach`);

export const loggingConfig = {
  logging: z
    .object({
      /**
       * Namespace of the log collector: the only one whose pods may mount host paths (Pod Security
       * `privileged` enforced, `restricted` warned and audited).
       */
      namespace: dnsLabel.default('logging'),
      /** Least severe level the services log (`LOG_LEVEL`). */
      level: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
      /**
       * Days logs are kept: the retention of the CloudWatch log groups, or the age at which the
       * OpenSearch ISM policy deletes an index. @default 30 in staging, 90 in production
       */
      retentionDays: retentionDays.optional(),
      /**
       * Days audit logs are kept: the cluster's API audit log (EKS control-plane log group) and the
       * application's audit events (`"log_type": "audit"` records, routed to their own log group or
       * index). @default 365 in production, 90 in staging
       */
      auditRetentionDays: auditRetentionDays.optional(),
      /**
       * The Kubernetes API server the collector asks for pod metadata: the addresses of the
       * `kubernetes` Service's endpoints (`kubectl get endpointslices -l kubernetes.io/service-name=kubernetes`).
       * A NetworkPolicy cannot select it by label.
       */
      apiServer: z
        .object({
          /** The endpoints' addresses. */
          cidrs: cidrs('the API server endpoints'),
          /** The endpoints' port. */
          port: port.default(443),
        })
        .strict(),
      /** The cloud's log store (CloudWatch Logs on EKS, Managed OpenSearch on DOKS): where the logs go. */
      destination: z
        .object({
          /** The store's host. Required on DOKS: the OpenSearch cluster's private host. @default on EKS, the region's CloudWatch Logs endpoint */
          host: hostname.optional(),
          /** @default the store's: 443 for CloudWatch Logs, 25060 for DigitalOcean's */
          port: port.optional(),
          /** The store's addresses: on EKS the subnets of the CloudWatch Logs VPC interface endpoint, on DOKS the cluster's VPC range. */
          cidrs: cidrs('the log store'),
        })
        .strict(),
      /** The Fluent Bit image: a mirror, or a digest once verified. */
      image: z
        .object({ repository: registry.default(FLUENT_BIT_IMAGE.repository), version: imageVersion.default(FLUENT_BIT_IMAGE.version) })
        .strict()
        .prefault({}),
    })
    .strict(),
};

export type LoggingConfig = z.output<(typeof loggingConfig)['logging']>;

/** The days a target keeps its logs: its own setting, else its environment's default. */
export function retentionOf(target: { readonly environment: Environment; readonly logging: Pick<LoggingConfig, 'retentionDays'> }): number {
  return target.logging.retentionDays ?? DEFAULT_RETENTION_DAYS[target.environment];
}

/** The days a target keeps its audit logs: its own setting, else its environment's default. */
export function auditRetentionOf(target: { readonly environment: Environment; readonly logging: Pick<LoggingConfig, 'auditRetentionDays'> }): number {
  return target.logging.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS[target.environment];
}
