import type { k8s } from 'cdk8s-plus-28';
import { PLATFORM_SERVICES, SERVICE_NAMES, type ServiceName } from '../platform/services';
import type { LogLevel } from './schema';

/**
 * The log contract of the platform's services (docs/features/logging.md#the-log-contract): one JSON
 * object per line on stdout, with at least these fields, switched on through the environment. The
 * collector merges the fields into the record, so they are queryable as they are named here; the
 * Envoy access log (charts/edge/envoy-proxy.ts) writes the same ones.
 */
export const CONTRACT_FIELDS = ['time', 'level', 'service', 'message', 'trace_id'] as const;

/**
 * An audit event (docs/features/logging.md#audit-events): a contract line that records who did what
 * to which object, and whether it was allowed, for the platform's audit trail rather than for
 * debugging. `log_type` is `"audit"`; the collector routes such lines from the platform's namespace
 * to their own destination, kept for the audit retention (`logging.auditRetentionDays`).
 */
export const AUDIT_LOG_TYPE = 'audit';

/** The fields an audit event carries on top of the contract's. */
export const AUDIT_EVENT_FIELDS = ['log_type', 'actor', 'action', 'target', 'outcome'] as const;

/** The actions the platform's services record as audit events. */
export const AUDIT_ACTIONS = [
  // A moderator's or the model's decision on a content item, and its reversal.
  'decision.create',
  'decision.override',
  // A user's appeal of a decision, and its resolution.
  'appeal.create',
  'appeal.resolve',
  // Administrators: roles, policies, thresholds, exports and erasures of personal data.
  'admin.role.grant',
  'admin.role.revoke',
  'admin.policy.update',
  'admin.data.export',
  'admin.data.erase',
] as const;

/** How an audited action ended. */
export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;

/** What switches a service to the contract: JSON lines, the target's level, its own name. */
export function logEnv(service: ServiceName, level: LogLevel): k8s.EnvVar[] {
  return [
    { name: 'LOG_FORMAT', value: 'json' },
    { name: 'LOG_LEVEL', value: level },
    { name: 'SERVICE_NAME', value: service },
  ];
}

/** Every service's contract environment, as the workloads feature takes contributed env. */
export function contractEnv(level: LogLevel): Record<ServiceName, k8s.EnvVar[]> {
  return Object.fromEntries(SERVICE_NAMES.map((name) => [name, logEnv(name, level)])) as Record<ServiceName, k8s.EnvVar[]>;
}

/** The paths the kubelet probes the services on (`/health`, `/ready`, `/api/health`, `/api/ready`), sorted. */
export function probePaths(): string[] {
  return [...new Set(SERVICE_NAMES.flatMap((name) => [PLATFORM_SERVICES[name].liveness.path, PLATFORM_SERVICES[name].readiness.path]))].sort();
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A regular expression (Onigmo, as Fluent Bit's grep uses it; no spaces, which would end the rule)
 * matching a raw log line that records a request to `path`, and nothing under a longer path:
 * - a contract line: `"http_path":"/health"` (a query string allowed);
 * - a plain access log line (uvicorn, gunicorn): `"GET /health HTTP/1.1"`.
 */
export function requestLinePattern(path: string): string {
  return `(?:"http_path":\\s*"|"(?:GET|HEAD)\\s)${escapeRegex(path)}(?:\\?[^"\\s]*)?(?:"|\\s)`;
}
