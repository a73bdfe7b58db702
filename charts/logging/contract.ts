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
