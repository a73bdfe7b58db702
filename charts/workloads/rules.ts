import { parseQuantity } from '../../core/quantity';
import { imageVersion, isRecord } from '../config/primitives';
import { warmSizing } from '../disaster-recovery/standby';
import type { Rule } from '../config/rules';
import { SERVICE_NAMES, type ServiceName } from '../platform/services';
import { PRODUCTION_MIN_REPLICAS, SIZING_DEFAULTS, type Environment, type ServiceSizing } from './defaults';
import { sizingOverride, type SizingOverride } from './schema';

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

/**
 * A service's sizing as the raw overlay resolves it (environment defaults, warm on a standby, plus override), for rules
 * of any feature; undefined where the schema rejects the overlay's values (it reports those).
 */
export function resolvedSizing(input: Record<string, unknown>, name: ServiceName): ServiceSizing | undefined {
  const environment = environmentOf(input);
  const services = isRecord(input.services) ? input.services : {};
  const parsed = sizingOverride.safeParse(services[name] ?? {});
  return environment && parsed.success ? resolveSizing(warmSizing(SIZING_DEFAULTS[environment][name], input), parsed.data) : undefined;
}

/** Replica bounds are ordered, production keeps 2+ pods, requests fit within limits. */
export const sizingRules: Rule = (input, report) => {
  const environment = environmentOf(input);
  if (!environment) return;
  for (const name of SERVICE_NAMES) {
    const sizing = resolvedSizing(input, name);
    if (!sizing) continue;
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


/** A version pinned by content: `sha256:<64 hex>` or `tag@sha256:<64 hex>`. */
export function isDigestPinned(version: string): boolean {
  return /(^|@)sha256:[a-f0-9]{64}$/.test(version);
}

/**
 * Production runs images by digest: a tag can be re-pushed, so the same manifest could run other
 * code after a node restart or a scale-up. Staging may follow tags (pulled `Always`).
 */
export const imageRules: Rule = (input, report) => {
  if (environmentOf(input) !== 'production') return;
  const versions = (input.images as { versions?: Record<string, unknown> } | undefined)?.versions ?? {};
  for (const name of SERVICE_NAMES) {
    // Malformed versions are the schema's to report.
    const parsed = imageVersion.safeParse(versions[name]);
    if (!parsed.success || isDigestPinned(parsed.data)) continue;
    const version = parsed.data;
    report(
      `images.versions.${name}`,
      `"${version}" is a tag only: production images are pinned by digest, e.g. "${version.split('@')[0] || '1.2.3'}@sha256:<64 hex digits>" (a tag can be re-pushed)`,
    );
  }
};
