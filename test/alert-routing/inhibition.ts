/**
 * Alertmanager's inhibition (inhibit/inhibit.go), evaluated over the `inhibit_rules` of an
 * alertmanager.yml: an alert is muted when some rule's target matchers match it and a firing alert
 * matches the rule's source matchers with the same values of the `equal` labels. A missing label
 * is the empty string (for matchers and for `equal`), regexes are anchored, and an alert that
 * matches both sides of a rule is not muted by alerts that do too (Alertmanager's exception that
 * keeps a rule from muting its own sources).
 */
import type { InhibitRule } from './operator-config';

export type Labels = Readonly<Record<string, string>>;

type Match = (labels: Labels) => boolean;

/** Parses a matcher as Alertmanager writes it: `name="value"`, `name=~"regex"`, `!=`, `!~`. */
export function parseMatcher(text: string): Match {
  const parsed = /^([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)(".*")$/.exec(text);
  if (!parsed) throw new Error(`cannot parse matcher ${text}`);
  const [, name, op, quoted] = parsed;
  const value = JSON.parse(quoted) as string;
  const regex = new RegExp(`^(?:${value})$`);
  const test = (v: string) => (op === '=' ? v === value : op === '!=' ? v !== value : op === '=~' ? regex.test(v) : !regex.test(v));
  return (labels) => test(labels[name] ?? '');
}

const all = (matchers: readonly string[]): Match => {
  const parsed = matchers.map(parseMatcher);
  return (labels) => parsed.every((m) => m(labels));
};

/** The rules (by index) that mute `alert` while `firing` fire; empty when nothing mutes it. */
export function mutedBy(rules: readonly InhibitRule[], firing: readonly Labels[], alert: Labels): number[] {
  return rules.flatMap((rule, index) => {
    const source = all(rule.source_matchers);
    const target = all(rule.target_matchers);
    if (!target(alert)) return [];
    const twoSided = source(alert);
    const muting = firing.some(
      (f) => source(f) && !(twoSided && target(f)) && rule.equal.every((label) => (f[label] ?? '') === (alert[label] ?? '')),
    );
    return muting ? [index] : [];
  });
}
