import { FEATURES } from '../registry';
import type { Problem } from './problems';

/**
 * Rules that relate fields to each other. They run on the raw overlay, next to the schema, so one
 * run reports structural and semantic problems together; each rule skips values the schema rejects
 * (the schema reports those). Each feature brings its own (charts/<feature>/rules.ts).
 */
export type Rule = (input: Record<string, unknown>, report: (path: string, message: string) => void) => void;

/** Runs every feature's rules; returns the problems found. */
export function checkRules(input: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const rule of FEATURES.flatMap((feature) => feature.rules ?? [])) rule(input, (path, message) => problems.push({ path, message }));
  return problems;
}
