import { SERVICE_NAMES } from '../platform/services';
import { PRODUCTION_MIN_REPLICAS, SIZING_DEFAULTS, type Environment, type ServiceSizing } from './defaults';
import { edgeRules } from './edge-rules';
import type { Problem } from './problems';
import { parseQuantity } from '../../core/quantity';
import { secretsRules } from './secrets-rules';
import { sizingOverride, type SizingOverride } from './target';

/**
 * Rules that relate fields to each other. They run on the raw overlay, next to the schema, so one
 * run reports structural and semantic problems together; each rule skips values the schema rejects
 * (the schema reports those).
 */
export type Rule = (input: Record<string, unknown>, report: (path: string, message: string) => void) => void;

/** The environment's default sizing for a service, with the overlay's override applied. */
export function resolveSizing(base: ServiceSizing, override: SizingOverride = {}): ServiceSizing {
  return {
    requests: { ...base.requests, ...override.requests },
    limits: { ...base.limits, ...override.limits },
    replicas: { ...base.replicas, ...override.replicas },
  };
}

function environmentOf(input: Record<string, unknown>): Environment | undefined {
  return input.environment === 'staging' || input.environment === 'production' ? input.environment : undefined;
}

/** Replica bounds are ordered, production keeps 2+ pods, requests fit within limits. */
const sizingRules: Rule = (input, report) => {
  const environment = environmentOf(input);
  if (!environment) return;
  const services = (input.services ?? {}) as Record<string, unknown>;
  for (const name of SERVICE_NAMES) {
    const parsed = sizingOverride.safeParse(services[name] ?? {});
    if (!parsed.success) continue;
    const sizing = resolveSizing(SIZING_DEFAULTS[environment][name], parsed.data);
    const at = `services.${name}`;
    const { min, max } = sizing.replicas;
    if (max < min) report(`${at}.replicas.max`, `${max} is below replicas.min (${min})`);
    if (environment === 'production' && min < PRODUCTION_MIN_REPLICAS) {
      report(`${at}.replicas.min`, `${min} is below ${PRODUCTION_MIN_REPLICAS}: a production service keeps at least ${PRODUCTION_MIN_REPLICAS} replicas so one can be drained or lost`);
    }
    for (const resource of ['cpu', 'memory'] as const) {
      const request = parseQuantity(sizing.requests[resource]) ?? 0;
      const limit = parseQuantity(sizing.limits[resource]) ?? Infinity;
      if (request > limit) report(`${at}.requests.${resource}`, `${sizing.requests[resource]} is above the limit (${sizing.limits[resource]})`);
    }
  }
};

/** Every rule applied to a target, in reporting order. */
export const RULES: readonly Rule[] = [sizingRules, secretsRules, edgeRules];

/** Runs every rule; returns the problems found. */
export function checkRules(input: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const rule of RULES) rule(input, (path, message) => problems.push({ path, message }));
  return problems;
}
