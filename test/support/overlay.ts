import type { TargetInput } from '../../charts/config/target';
import { loadTargetSources } from '../../charts/targets';

/** A deep copy of an overlay's raw config, for tests that break or vary it. */
export function overlayInput(name: string): TargetInput & Record<string, any> {
  return structuredClone(loadTargetSources([name])[0].input) as TargetInput & Record<string, any>;
}
