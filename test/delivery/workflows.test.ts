/**
 * Every workflow in .github/workflows parses with GitHub's own parser without an error, and keeps
 * the delivery policy (workflows.ts, policyProblems): actions pinned by commit SHA, least-privilege
 * permissions on every job, timeouts, no pull_request_target, no secrets where pull requests run.
 * Each rule is also shown to catch the mistake it is for.
 */
import { parse } from 'yaml';
import { isStandby } from '../../charts/disaster-recovery/standby';
import { targetNames } from '../../charts/targets';
import { overlayInput } from '../support/overlay';
import { parseWorkflows, policyProblems, workflowFiles } from './workflows';

const files = workflowFiles();
const SHA = 'a'.repeat(40);

/** A small valid workflow to break, one mistake at a time. */
const GOOD = `name: good
on:
  push:
    branches: [main]
permissions: {}
jobs:
  build:
    runs-on: ubuntu-24.04
    timeout-minutes: 5
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@${SHA} # v7.0.1
      - uses: ./.github/actions/local
      - run: echo \${{ secrets.TOKEN }}
`;

const MISTAKES: readonly (readonly [what: string, content: string, problem: RegExp])[] = [
  ['an action referenced by tag', GOOD.replace(`@${SHA} # v7.0.1`, '@v7'), /job build: uses actions\/checkout@v7: pin it to a full commit SHA/],
  ['an action referenced by branch', GOOD.replace(`@${SHA} # v7.0.1`, '@main'), /uses actions\/checkout@main: pin it to a full commit SHA/],
  ['an action pinned by a short SHA', GOOD.replace(`@${SHA}`, `@${SHA.slice(0, 7)}`), /uses actions\/checkout@aaaaaaa: pin it/],
  ['a reusable workflow referenced by tag', GOOD.replace(/ {4}runs-on[\s\S]*$/, '    uses: org/repo/.github/workflows/x.yml@v1\n    permissions: {}\n'), /job build: uses org\/repo\/\.github\/workflows\/x\.yml@v1: pin it/],
  ['a container action by tag', GOOD.replace(`actions/checkout@${SHA} # v7.0.1`, 'docker://alpine:3.22'), /uses docker:\/\/alpine:3\.22: pin a container image by digest/],
  ['a pinned action without its version', GOOD.replace(' # v7.0.1', ''), /line 13: uses actions\/checkout@a{40}: say which version/],
  ['a job without permissions', GOOD.replace('    permissions:\n      contents: read\n', ''), /job build: no permissions/],
  ['a job with write-all', GOOD.replace('    permissions:\n      contents: read\n', '    permissions: write-all\n'), /job build: permissions: write-all/],
  ['no workflow permissions', GOOD.replace('permissions: {}\n', ''), /workflow: permissions: missing/],
  ['workflow permissions that write', GOOD.replace('permissions: {}\n', 'permissions:\n  contents: write\n'), /workflow: permissions: {"contents":"write"}/],
  ['a job without a timeout', GOOD.replace('    timeout-minutes: 5\n', ''), /job build: no timeout-minutes/],
  ['pull_request_target', GOOD.replace('  push:', '  pull_request_target:').replace('${{ secrets.TOKEN }}', 'hi'), /on: pull_request_target .*: use pull_request/],
  ['a secret in a job that pull requests run', GOOD.replace('  push:', '  pull_request:'), /job build: uses a secret, and pull requests trigger it/],
  ['a secret in the env of a workflow pull requests run', GOOD.replace('  push:', '  pull_request:').replace('${{ secrets.TOKEN }}', '"$TOKEN"').replace('jobs:', 'env:\n  TOKEN: ${{ secrets.TOKEN }}\njobs:'), /workflow: env uses a secret/],
  ['secrets passed on to a reusable workflow from a pull request', GOOD.replace('  push:', '  pull_request:').replace(/ {4}runs-on[\s\S]*$/, `    uses: org/repo/.github/workflows/x.yml@${SHA} # v1.0.0\n    permissions: {}\n    secrets: inherit\n`), /job build: uses a secret/],
];

/** Parsed once: the repository's workflows, the good example, each mistake and a malformed one. */
const [repository, [good, ...broken]] = (() => {
  const malformed = GOOD.replace('contents: read', 'contents: reed').replace('runs-on:', 'runs_on:');
  const parsed = parseWorkflows([...files, { name: 'good.yml', content: GOOD }, ...MISTAKES.map(([, content], i) => ({ name: `mistake-${i}.yml`, content })), { name: 'malformed.yml', content: malformed }]);
  return [parsed.slice(0, files.length), parsed.slice(files.length)] as const;
})();
const malformed = broken.pop()!;

describe('the workflows in .github/workflows', () => {
  it('are the four delivery workflows', () => {
    expect(files.map((f) => f.name)).toEqual(['image.yml', 'promote.yml', 'pull-request.yml', 'verify-staging.yml']);
  });

  it.each(files.map((f, i) => [f.name, i] as const))('%s parses with GitHub\'s parser without an error', (_name, i) => {
    expect(repository[i].errors).toEqual([]);
    expect(repository[i].jobs.length).toBeGreaterThan(0);
  });

  it.each(files.map((f, i) => [f.name, i] as const))('%s keeps the delivery policy', (_name, i) => {
    expect(policyProblems(repository[i], files[i].content)).toEqual([]);
  });

  it('run the pull request checks on pull_request, and nothing else on pull requests', () => {
    const prTriggered = repository.filter((w) => w.events.some((e) => e.startsWith('pull_request'))).map((w) => [w.name, w.events]);
    expect(prTriggered).toEqual([['pull-request.yml', ['pull_request']]]);
  });
});

describe('the workflow checks', () => {
  it("report the parser's errors, with line and column", () => {
    expect(good.errors).toEqual([]);
    expect(malformed.errors).toEqual(
      expect.arrayContaining([expect.stringMatching(/^malformed\.yml \(Line: 11, Col: 17\): Unexpected value 'reed'$/), expect.stringMatching(/Unexpected value 'runs_on'/)]),
    );
  });

  it('pass the good example', () => {
    expect(policyProblems(good, GOOD)).toEqual([]);
  });

  it.each(MISTAKES.map(([what, content, problem], i) => [what, content, problem, i] as const))('catch %s', (_what, content, problem, i) => {
    expect(broken[i].errors).toEqual([]);
    expect(policyProblems(broken[i], content)).toEqual([expect.stringMatching(problem)]);
  });
});

describe('the targets the workflows offer', () => {
  const choices = (file: string, input: string): string[] => [...(parse(files.find((f) => f.name === file)!.content).on.workflow_dispatch.inputs[input] as { options: string[] }).options].sort();
  // A standby runs its primary's images (its overlay imports the primary's images file): promoting
  // to the primary promotes it, so no workflow offers it.
  const targets = (environment: string) => targetNames().filter((name) => overlayInput(name).environment === environment && !isStandby(overlayInput(name)));

  it.each([
    ['promote.yml', 'from', 'staging'],
    ['promote.yml', 'to', 'production'],
    ['verify-staging.yml', 'target', 'staging'],
  ])('%s: %s offers every %s target that has images of its own', (file, input, environment) => {
    expect(choices(file, input)).toEqual(targets(environment));
  });
});
