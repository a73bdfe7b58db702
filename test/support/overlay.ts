import type { TargetInput } from '../../charts/config/target';
import { TargetConfigError } from '../../charts/config/problems';
import { validateTarget } from '../../charts/config/validate';
import { loadTargetSources, OVERLAYS_DIR } from '../../charts/targets';

/**
 * The overlays the tests render: the repository's, or `$MODERATION_OVERLAYS_DIR` (the test that
 * proves a new overlay needs no test edit points it at a folder with one more target).
 */
export const TEST_OVERLAYS_DIR = process.env.MODERATION_OVERLAYS_DIR ?? OVERLAYS_DIR;

/** A deep copy of an overlay's raw config, for tests that break or vary it. */
export function overlayInput(name: string): TargetInput & Record<string, any> {
  return structuredClone(loadTargetSources([name], TEST_OVERLAYS_DIR)[0].input) as TargetInput & Record<string, any>;
}

/**
 * The config problems of an overlay after `change` edits a copy of it, as `path: message` lines
 * (empty when it is valid). Fails when the error does not name the target.
 */
/** @param change edits the raw overlay (typed loosely: it is broken on purpose) */
export function configProblems(name: string, change: (input: Record<string, any>) => void): string[] {
  const input = overlayInput(name);
  change(input);
  try {
    validateTarget(name, input);
    return [];
  } catch (error) {
    if (!(error instanceof TargetConfigError)) throw error;
    if (!error.message.includes(`target "${name}"`)) throw new Error(`the error does not name target "${name}": ${error.message}`);
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
}
