/** The rendered rules as Prometheus rule files, and the real promtool to check and unit-test them. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { AlertingRule, RuleGroup } from '../../charts/alerting/rule-groups';
import type { KubeObject } from '../support/render';
import { tempDir } from '../support/synth-command';

/** The rule groups of a target's PrometheusRules, in file order. */
export function ruleGroupsOf(objects: readonly KubeObject[]): RuleGroup[] {
  return objects.filter((o) => o.kind === 'PrometheusRule').flatMap((o) => o.spec.groups as RuleGroup[]);
}

export const alertsOf = (groups: readonly RuleGroup[]): AlertingRule[] => groups.flatMap((g) => g.rules.filter((r): r is AlertingRule => 'alert' in r));

/** Writes files (name → content; objects as YAML) into a fresh folder; returns it. */
export function writeFiles(files: Record<string, unknown>): string {
  const dir = tempDir('promtool-');
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : stringify(content));
  return dir;
}

/**
 * Runs promtool (Debian: `apt-get install prometheus`; .ci/run installs it) in `cwd`. Fails the test
 * with the install hint when it is missing: the rules are checked by the real tool or not at all.
 */
export function promtool(args: readonly string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new Error(`promtool could not run (${result.error.message}): install it, e.g. apt-get install prometheus`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
