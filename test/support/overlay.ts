import type { TargetInput } from '../../charts/config/target';
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
