/**
 * The committed flag files: one per target, each loaded by flagd's own evaluation core as flagd
 * would, and serving what it says: kill switches, gradual releases and A/B tests, staging ahead of
 * production.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FlagdCore } from '@openfeature/flagd-core';
import { standbyOf } from '../../charts/disaster-recovery/standby';
import { checkFlagText, loadFlagFile, REPOSITORY_ROOT } from '../../charts/flags/flag-file';
import { defaultFlagFile, flagFileOf } from '../../charts/flags/schema';
import { renderedTarget, TARGET_NAMES } from '../support/render';

const targets = TARGET_NAMES.map((name) => renderedTarget(name).target);
const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

/** flagd's evaluation of a target's flag file, as the in-process core evaluates it. */
function evaluatorOf(file: string): FlagdCore {
  const core = new FlagdCore(undefined, quiet);
  core.setConfigurations(loadFlagFile(file).text);
  return core;
}

/** Share of `count` subjects that a flag serves `variant`, each with its own targeting key. */
function shareOf(core: FlagdCore, flag: string, variant: string, context: Record<string, string> = {}, count = 4000): number {
  let hits = 0;
  for (let i = 0; i < count; i++) if (core.resolveStringEvaluation(flag, '', { ...context, targetingKey: `content-${i}` }).variant === variant) hits++;
  return hits / count;
}

describe.each(TARGET_NAMES)('the flag file of %s', (name) => {
  const { target } = renderedTarget(name);
  const file = flagFileOf(target);

  // A disaster-recovery standby serves its primary's flags: the same behaviour whichever region serves.
  it('is the target\'s own, flags/<target>.json (a standby\'s primary\'s), and flagd loads it with no mistake found', () => {
    expect(file).toBe(defaultFlagFile(standbyOf(target)?.primary ?? name));
    expect(checkFlagText(fs.readFileSync(path.join(REPOSITORY_ROOT, file), 'utf8'))).toEqual([]);
    expect(evaluatorOf(file).getFlags().size).toBeGreaterThan(0);
  });

  it('has a kill switch for automatic enforcement, on, and the services\' code keeps working when it is turned off', () => {
    const core = evaluatorOf(file);
    expect(core.resolveBooleanEvaluation('auto-enforcement', false, { targetingKey: 'content-1' })).toMatchObject({ value: true, reason: 'STATIC' });
  });

  it('releases the candidate classifier gradually by content item, sticky per item, and to internal testers always', () => {
    const core = evaluatorOf(file);
    const share = shareOf(core, 'classifier-model', 'candidate');
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(1);
    const once = core.resolveStringEvaluation('classifier-model', '', { targetingKey: 'content-42' }).value;
    for (let i = 0; i < 5; i++) expect(core.resolveStringEvaluation('classifier-model', '', { targetingKey: 'content-42' }).value).toBe(once);
    expect(shareOf(core, 'classifier-model', 'candidate', { email: 'tester@trust-safety.example.com' })).toBe(1);
  });

  it('runs the review-queue A/B test among moderators only, half and half; everyone else sees the control', () => {
    const core = evaluatorOf(file);
    const moderators = { role: 'moderator', queue: 'spam' };
    expect(shareOf(core, 'review-queue-layout', 'grouped', moderators)).toBeGreaterThan(0.45);
    expect(shareOf(core, 'review-queue-layout', 'grouped', moderators)).toBeLessThan(0.55);
    expect(shareOf(core, 'review-queue-layout', 'control', { role: 'viewer', queue: 'spam' })).toBe(1);
  });
});

describe('staging runs ahead of production', () => {
  const pairs = [...new Set(targets.map((t) => t.cloud))].flatMap((cloud) => {
    const of = (environment: string) => targets.find((t) => t.cloud === cloud && t.environment === environment);
    const [staging, production] = [of('staging'), of('production')];
    return staging && production ? [[cloud, staging, production] as const] : [];
  });

  it('the repository has a staging and a production target on some cloud', () => {
    expect(pairs.length).toBeGreaterThan(0);
  });

  it.each(pairs)('on %s: a larger share of content gets the candidate classifier in staging', (_cloud, staging, production) => {
    const share = (t: typeof staging) => shareOf(evaluatorOf(flagFileOf(t)), 'classifier-model', 'candidate');
    expect(share(staging)).toBeGreaterThan(share(production));
  });
});

it('every file in flags/ is a target\'s: a retired target leaves no flag file behind', () => {
  const files = fs.readdirSync(path.join(REPOSITORY_ROOT, 'flags')).map((f) => `flags/${f}`);
  // A disaster-recovery standby shares its primary's file.
  expect(files.sort()).toEqual([...new Set(targets.map(flagFileOf))].sort());
});
