/**
 * CLI argument and input errors, in-process through `main()` (these fail before any cluster access,
 * so they need no kubeconfig and no subprocess): exit 2 and a single line on stderr.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main, parseArgs } from '../../verify/cli';
import { FIXTURE_DIR } from '../support/verify/live-state';

async function runMain(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => ((stderr += String(chunk)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-bad-manifests-'));
fs.writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: [oops\n');
fs.mkdirSync(path.join(dir, 'nameless'));
fs.writeFileSync(path.join(dir, 'nameless', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: moderation\n');

test.each<[string[], RegExp]>([
  [['--manifests', FIXTURE_DIR, '--wait', '10'], /^verify: option '-w, --wait <duration>' argument '10' is invalid\. invalid duration "10"/],
  [['--manifests', FIXTURE_DIR, '--timeout', 'soon'], /^verify: option '--timeout <duration>' argument 'soon' is invalid/],
  [['--manifests', FIXTURE_DIR, '--output', 'yaml'], /^verify: option '-o, --output <format>' argument 'yaml' is invalid\. Allowed choices are table, json, junit\.$/],
  [['--manifests', FIXTURE_DIR, '--concurrency', '0'], /^verify: option '--concurrency <n>' argument '0' is invalid/],
  [['--manifests', FIXTURE_DIR, '--frobnicate'], /^verify: unknown option '--frobnicate'/],
  [['--manifests', FIXTURE_DIR, '--timout', '3s'], /^verify: unknown option '--timout' \(Did you mean --timeout\?\)$/],
  [[], /^verify: one of --target <name> or --manifests <path> is required$/],
  [['--target', 'staging', '--manifests', FIXTURE_DIR], /^verify: option '-t, --target <name>' cannot be used with option '-m, --manifests <path>'$/],
  [['--target', 'doks-prod'], /^verify: unknown target "doks-prod"; the targets are: (?=.*\bdoks-production\b)(?=.*\beks-staging\b)[a-z0-9-]+(, [a-z0-9-]+)*$/],
  [['--target', '../etc'], /^verify: invalid target name "\.\.\/etc"$/],
  [['--manifests', path.join(dir, 'broken.yaml')], /^verify: broken\.yaml \(document 1\): invalid YAML/],
  [['--manifests', path.join(dir, 'nameless')], /^verify: cm\.yaml \(document 1\): ConfigMap without metadata\.name$/],
  [['--manifests', FIXTURE_DIR, '--namespace', 'nowhere'], /^verify: no objects to verify in namespace\(s\) nowhere$/],
])('%j → exit 2, one line on stderr', async (args, reason) => {
  const run = await runMain(args);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(reason);
});

test('--help exits 0', async () => {
  const run = await runMain(['--help']);
  expect(run.code).toBe(0);
});

describe('--help', () => {
  /** Each option of the help text as one string (commander wraps descriptions onto indented lines). */
  async function helpOptions(): Promise<string[]> {
    const { stdout } = await runMain(['--help']);
    const options = stdout.split(/\n\nOptions:\n/)[1].split(/\n\n/)[0];
    return options.split(/\n(?=  -)/).map((entry) => entry.replace(/\s+/g, ' ').trim());
  }

  test('every default it shows is accepted by its option and means that default', async () => {
    const shown = (await helpOptions()).flatMap((entry) => {
      const value = /\(default: ([^)]*)\)/.exec(entry)?.[1];
      return value === undefined ? [] : [{ flag: /--[a-z-]+/.exec(entry)![0], value }];
    });
    expect(shown.map((s) => s.flag)).toEqual(['--wait', '--timeout', '--poll-interval', '--concurrency', '--retries']);
    expect(shown.map((s) => s.value)).toEqual(['0', '30s', '5s', '8', '4']);
    const defaults = parseArgs([]);
    for (const { flag, value } of shown) expect({ flag, options: parseArgs([flag, value]) }).toEqual({ flag, options: defaults });
  });

  test('lists the exit codes', async () => {
    const { stdout } = await runMain(['--help']);
    expect(stdout).toMatch(/\nExit codes:\n {2}0 +all objects healthy and in sync\n {2}1 +some object not healthy, missing or drifted\n {2}2 +could not verify \(bad arguments, manifests, kubeconfig or cluster access\)\n/);
  });
});
