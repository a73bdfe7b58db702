import type { z } from 'zod';
import { SERVICE_NAMES } from '../platform/services';
import { SIZING_DEFAULTS, type ServiceSizing } from '../workloads/defaults';
import { formatPath, TargetConfigError, type Problem } from './problems';
import { warmSizing } from '../disaster-recovery/standby';
import { resolveSizing } from '../workloads/rules';
import { checkRules } from './rules';
import { targetSchema, type Target } from './target';

/** Zod's messages, made specific where its defaults are vague: unknown fields name the allowed ones. */
const explainIssue: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'unrecognized_keys') return undefined;
  const allowed = Object.keys((issue.inst as { _zod?: { def?: { shape?: object } } })?._zod?.def?.shape ?? {});
  const keys = issue.keys.map((k) => `"${k}"`).join(', ');
  return `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}${allowed.length ? `; allowed: ${allowed.join(', ')}` : ''}`;
};

/**
 * Validates an overlay's config and resolves its defaults. Throws a `TargetConfigError` listing
 * every problem (schema and rules together) when anything is wrong.
 *
 * @param target the target's name as synthesis knows it (the overlay's file name)
 * @param input what the overlay exports
 */
export function validateTarget(target: string, input: unknown): Target {
  const problems: Problem[] = [];
  const parsed = targetSchema.safeParse(input, { error: explainIssue });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ path: formatPath(issue.path), message: issue.message });
  }
  if (input !== null && typeof input === 'object') {
    problems.push(...checkRules(input as Record<string, unknown>));
    const name = (input as { name?: unknown }).name;
    if (typeof name === 'string' && name !== target) problems.push({ path: 'name', message: `"${name}" does not match the overlay's file name "${target}"` });
  }
  if (problems.length > 0 || !parsed.success) {
    problems.sort((a, b) => a.path.localeCompare(b.path));
    throw new TargetConfigError(target, problems);
  }
  const config = parsed.data;
  const services = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, resolveSizing(warmSizing(SIZING_DEFAULTS[config.environment][name], config), config.services[name])]),
  ) as Record<(typeof SERVICE_NAMES)[number], ServiceSizing>;
  return { ...config, services };
}
