/**
 * Building blocks shared by the per-group health rules: the result constructor, condition lookup, and the
 * few behaviours of Argo CD's two rule engines (gitops-engine's typed Go checks, the Lua VM that runs the
 * `resource_customizations` scripts) that the rules must reproduce to give the same answer.
 */
import { parseApiVersion } from '../../core/kinds';
import type { KubeObject } from '../../core/object';
import type { HealthStatus, HealthStatusCode } from '../types';

export type HealthCheck = (object: KubeObject) => HealthStatus;

/** The rules of one API group (several names when a kind moved groups, as Ingress did), by kind. */
export interface GroupHealthChecks {
  groups: readonly string[];
  kinds: Readonly<Record<string, HealthCheck>>;
}

/** A status condition as controllers write them (metav1.Condition and its per-API look-alikes). */
export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

export const TRUE = 'True';
export const FALSE = 'False';

export const health = (status: HealthStatusCode, message = ''): HealthStatus => ({ status, message });

/** A number field as Go's typed conversion reads it: absent (or not a number) is 0. */
export const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** A string field as Go reads it: absent is "". */
export const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Lua's `x ~= nil`: JSON null decodes to nil as well. */
export const isPresent = (value: unknown): boolean => value !== undefined && value !== null;

/** Lua's `next(t) == nil`: an empty object or array. */
export const isEmptyTable = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.keys(value).length === 0;

export const arrayOf = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

/** The conditions of a status (or of a listener, parent or ancestor in one); anything not a list is none. */
export const conditionsOf = (value: unknown): Condition[] =>
  arrayOf<unknown>(value).filter((c): c is Condition => typeof c === 'object' && c !== null);

/** The first condition of `type`, as gitops-engine's `get…Condition` helpers and the Lua loops find it. */
export const findCondition = (conditions: Condition[], type: string): Condition | undefined => conditions.find((c) => c.type === type);

/**
 * Lua's `..`: concatenating nil (e.g. a condition without a message) is a runtime error, which Argo CD
 * reports as Unknown with the error; this throws so that `assessHealth` does the same.
 */
export function concat(...parts: unknown[]): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if (typeof part === 'number') return String(part);
      throw new Error(`attempt to concatenate a ${part === undefined || part === null ? 'nil' : typeof part} value`);
    })
    .join('');
}

/** Lua's `tonumber` on a JSON value: numbers, and strings holding a decimal or hexadecimal number. */
export function luaToNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^-?0[xX][0-9a-fA-F]+$/.test(text)) return parseInt(text, 16);
  return /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}

const HEALTH_CODES: ReadonlySet<string> = new Set<HealthStatusCode>(['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown']);

/** util/lua `invalidHealthStatus`: what Argo CD reports when a script returns a status outside its vocabulary. */
export const INVALID_LUA_STATUS = 'Lua returned an invalid health status';

/** A Lua script's `{ status, message }` as util/lua `ExecuteHealthLua` accepts it: an unknown status is Unknown. */
export function luaHealth(status: unknown, message: unknown): HealthStatus {
  if (typeof status !== 'string' || !HEALTH_CODES.has(status)) return health('Unknown', INVALID_LUA_STATUS);
  return health(status as HealthStatusCode, str(message));
}

/**
 * A Lua script that returns an empty table: Argo CD records a health with no status, which counts for
 * nothing in the Application's health, exactly like a kind without a health check; reported Healthy.
 */
export const NO_ASSESSMENT: HealthStatus = health('Healthy');

/**
 * gitops-engine converts a built-in kind to its typed Go struct before checking it, and fails for an API
 * version it has no struct for ("unsupported Deployment GVK: apps/v1beta2, Kind=Deployment"); Argo CD then
 * reports Unknown with that error.
 */
export function requireVersion(object: KubeObject, label: string, versions: readonly string[]): void {
  const { group, version } = parseApiVersion(object.apiVersion);
  if (!versions.includes(version)) throw new Error(`unsupported ${label} GVK: ${group}/${version}, Kind=${object.kind}`);
}

/**
 * The Ready-condition loop of many Lua scripts (cert-manager, external-secrets): the first Ready condition
 * that is False is Degraded, True is Healthy, each with the condition's message; undefined when none is
 * (so each script can say what it waits for).
 */
export function readyVerdict(object: KubeObject): HealthStatus | undefined {
  for (const condition of conditionsOf(object.status?.conditions)) {
    if (condition.type !== 'Ready') continue;
    if (condition.status === FALSE) return health('Degraded', condition.message ?? '');
    if (condition.status === TRUE) return health('Healthy', condition.message ?? '');
  }
  return undefined;
}

/** The Ready condition's verdict, else Progressing with `waiting`: the shape of several Argo CD Lua checks. */
export const readyOrWaiting =
  (waiting: string) =>
  (object: KubeObject): HealthStatus =>
    readyVerdict(object) ?? health('Progressing', waiting);
