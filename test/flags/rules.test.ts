/** A flag file with a mistake fails synthesis, naming the file, the JSON path in it and the reason; so do bad `flags` settings. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkFlagText, FLAGD_SCHEMA_URL, REPOSITORY_ROOT } from '../../charts/flags/flag-file';
import { flagFileOf } from '../../charts/flags/schema';
import { configProblems, overlayInput } from '../support/overlay';
import { renderedTarget, TARGET_NAMES } from '../support/render';
import { fingerprint, overlaysFolder, runSynth, tempDir } from '../support/synth-command';

/** A production flag file's content, to break on purpose. */
const production = TARGET_NAMES.map((name) => renderedTarget(name).target).find((t) => t.environment === 'production')!;
const committed = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, flagFileOf(production)), 'utf8'));

/** The problems of the committed file after `change` edits a copy of it. */
function problemsAfter(change: (flags: any) => void): string[] {
  const copy = structuredClone(committed);
  change(copy);
  return checkFlagText(JSON.stringify(copy, null, 2)).map((p) => `${p.at}: ${p.message}`);
}

/** Flag files written under the repository's .tmp/ (flag file paths are relative to the repository), removed afterwards. */
const scratch = path.join(REPOSITORY_ROOT, '.tmp');
fs.mkdirSync(scratch, { recursive: true });
const folder = fs.mkdtempSync(path.join(scratch, 'flags-test-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
function scratchFile(name: string, text: string): string {
  fs.writeFileSync(path.join(folder, name), text);
  return path.relative(REPOSITORY_ROOT, path.join(folder, name));
}

describe('a flag file with a mistake', () => {
  it.each([
    ['an unknown variant as the default', (f: any) => (f.flags['classifier-model'].defaultVariant = 'next'), '$.flags.classifier-model.defaultVariant: "next" is not one of the flag\'s variants ("current", "candidate")'],
    [
      'a fractional bucket naming no variant',
      (f: any) => (f.flags['classifier-model'].targeting.if[2].fractional[1][0] = 'canidate'),
      '$.flags.classifier-model.targeting.if[2].fractional[1][0]: "canidate" is not a variant of flag "classifier-model" (its variants: "current", "candidate")',
    ],
    [
      'fractional weights that do not add up to 100 (one side of a rollout raised, the other forgotten)',
      (f: any) => (f.flags['classifier-model'].targeting.if[2].fractional[1][1] = 10),
      expect.stringMatching(/^\$\.flags\.classifier-model\.targeting\.if\[2\]\.fractional: the weights add up to 105, not 100: write them as percentages/),
    ],
    ['a negative weight', (f: any) => (f.flags['classifier-model'].targeting.if[2].fractional[1][1] = -5), '$.flags.classifier-model.targeting.if[2].fractional[1][1]: a weight must be a whole number of percent, 0 or more, not -5'],
    ['a weight written as a string', (f: any) => (f.flags['classifier-model'].targeting.if[2].fractional[2][1] = '95'), '$.flags.classifier-model.targeting.if[2].fractional[2][1]: a weight must be a whole number of percent, 0 or more, not "95"'],
    ['a targeting branch naming no variant', (f: any) => (f.flags['appeal-auto-triage'].targeting.if[1] = 'yes'), '$.flags.appeal-auto-triage.targeting.if[1]: "yes" is not a variant of flag "appeal-auto-triage" (its variants: "on", "off")'],
    [
      'a $ref to no evaluator',
      (f: any) => (f.flags['appeal-auto-triage'].targeting.if[0] = { $ref: 'internal-tester' }),
      '$.flags.appeal-auto-triage.targeting.if[0]: $ref "internal-tester" names no evaluator in $evaluators (there: "moderators", "internal-testers")',
    ],
    ['an unknown operator in the targeting', (f: any) => (f.flags['appeal-auto-triage'].targeting = { iff: [true, 'on', null] }), '$.flags.appeal-auto-triage.targeting: flagd\'s schema: unknown operator or field "iff"'],
    ['an operator with the wrong arguments', (f: any) => (f.$evaluators['internal-testers'] = { ends_with: [{ var: 'email' }] }), '$.$evaluators.internal-testers.ends_with: flagd\'s schema: must NOT have fewer than 2 items'],
    ['a misspelt field, which flagd would ignore', (f: any) => (f.flags['auto-enforcement'].defaultvariant = 'on'), '$.flags.auto-enforcement.defaultvariant: unknown field; allowed: state, variants, defaultVariant, targeting, metadata'],
    ['variants of mixed types', (f: any) => (f.flags['auto-enforcement'].variants.off = 'no'), '$.flags.auto-enforcement.variants: every variant must be of one type (boolean, number, string or object); here: on: boolean, off: string'],
    ['a state flagd does not know', (f: any) => (f.flags['auto-enforcement'].state = 'ON'), '$.flags.auto-enforcement.state: must be "ENABLED" or "DISABLED", not "ON"'],
    ['no $schema', (f: any) => delete f.$schema, `$.$schema: must be "${FLAGD_SCHEMA_URL}", flagd's flag-definition schema, so editors check the file as it is written`],
  ])('%s: names the JSON path and the reason', (_what, change, expected) => {
    expect(problemsAfter(change)).toEqual([expected]);
  });

  it('malformed JSON: says where, by line and column', () => {
    const text = JSON.stringify(committed, null, 2).replace('"defaultVariant": "on",', '"defaultVariant": "on",,');
    const before = text.slice(0, text.indexOf(',,') + 1).split('\n');
    const [line, column] = [before.length, before[before.length - 1].length + 1];
    expect(checkFlagText(text)).toEqual([{ at: '$', message: expect.stringMatching(new RegExp(`^is not valid JSON: .* \\(line ${line}, column ${column}\\)$`)) }]);
  });

  it('fails synthesis with every mistake listed, file and path and reason, and writes nothing', () => {
    const broken = structuredClone(committed);
    broken.flags['classifier-model'].defaultVariant = 'next';
    broken.flags['review-queue-layout'].targeting.if[1].fractional[2][1] = 60;
    const file = scratchFile('broken.json', JSON.stringify(broken, null, 2));
    const input = overlayInput(production.name);
    input.flags = { ...input.flags, file };
    const overlays = overlaysFolder({ [production.name]: input });
    const outdir = tempDir('dist-');
    const before = fingerprint(outdir);

    const result = runSynth(['--overlays', overlays, '--outdir', outdir, '--no-typecheck']);
    fs.rmSync(overlays, { recursive: true, force: true });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`target "${production.name}" has 2 config problems:`);
    expect(result.stderr).toContain(`  - flags.file: ${file} $.flags.classifier-model.defaultVariant: "next" is not one of the flag's variants ("current", "candidate")`);
    expect(result.stderr).toContain(`  - flags.file: ${file} $.flags.review-queue-layout.targeting.if[1].fractional: the weights add up to 110, not 100`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fingerprint(outdir)).toEqual(before);
  });

  it('a flag file that is not there fails synthesis, saying what to do', () => {
    expect(configProblems(production.name, (i) => (i.flags = { file: 'flags/nowhere.json' }))).toEqual([
      'flags.file: flags/nowhere.json does not exist: create it (copy another target\'s and edit its flags), or point flags.file at the target\'s flag file',
    ]);
  });

  it('a mistake only flagd\'s schema knows (a semver comparison it has no operator for): its verdict, at its path', () => {
    const rule = { if: [{ sem_ver: [{ var: 'appVersion' }, '>>', '2.14.0'] }, 'on', null] };
    const file = scratchFile('flagd-only.json', JSON.stringify({ $schema: FLAGD_SCHEMA_URL, flags: { 'new-ui': { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', targeting: rule } } }));
    expect(configProblems(production.name, (i) => (i.flags = { file }))).toEqual([
      `flags.file: ${file} $.flags.new-ui.targeting.if[0].sem_ver[1]: flagd's schema: must be equal to one of the allowed values (=, !=, >, <, >=, <=, ~, ^)`,
    ]);
  });
});

describe('flags settings', () => {
  it('a path outside the repository, or not a .json file, is refused by the schema', () => {
    for (const file of ['/etc/flags.json', '../flags/eks-staging.json', 'flags/eks-staging.yaml']) {
      expect(configProblems(production.name, (i) => (i.flags = { file }))).toEqual([expect.stringMatching(/^flags\.file: must be the path of a \.json file from the repository's root/)]);
    }
  });

  it('production runs at least two flagd pods; staging may run one', () => {
    expect(configProblems(production.name, (i) => (i.flags = { ...i.flags, replicas: 1 }))).toEqual([
      'flags.replicas: 1 is below 2: production runs at least 2 flagd pods, so draining a node leaves the services their flags',
    ]);
    const staging = TARGET_NAMES.map((name) => renderedTarget(name).target).find((t) => t.environment === 'staging')!;
    expect(configProblems(staging.name, (i) => (i.flags = { ...i.flags, replicas: 1 }))).toEqual([]);
  });

  it('an unknown field names the allowed ones', () => {
    expect(configProblems(production.name, (i) => (i.flags = { ...i.flags, replica: 3 }))).toEqual(['flags: unknown field "replica"; allowed: file, replicas, image']);
  });
});
