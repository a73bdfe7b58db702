/**
 * The CLI as operators run it: a subprocess, kubeconfig-driven (client-node loads it), exit codes
 * 0/1/2, report on stdout, one-line reasons on stderr.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer } from '../support/verify/fake-apiserver';
import { cleanupCli, runCli, writeKubeconfig } from '../support/verify/cli';
import { desiredFixture, FIXTURE_DIR, liveState } from '../support/verify/live-state';

const TOKEN = 'ci-verify-token';
let server: FakeApiServer;
let kubeconfig: string;

beforeAll(async () => {
  server = new FakeApiServer();
  server.requiredToken = TOKEN;
  server.apply(...liveState(desiredFixture()));
  await server.start();
  kubeconfig = writeKubeconfig([
    { name: 'staging', server: server.url, token: TOKEN },
    { name: 'revoked', server: server.url, token: 'expired-token' },
  ]);
});
afterAll(async () => {
  cleanupCli();
  await server.stop();
});

const FAST = ['--timeout', '2s', '--retries', '1'];

const expectOneLineReason = (stderr: string, pattern: RegExp): void => {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
};

test('healthy target, run as `npm run verify` runs it: exit 0 and the JSON contract (JSON is the default when stdout is not a terminal)', async () => {
  const run = await runCli(['--manifests', FIXTURE_DIR, ...FAST], { KUBECONFIG: kubeconfig }, true);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout);
  expect(Object.keys(report)).toEqual(['ok', 'target', 'summary', 'resources']);
  expect(report.ok).toBe(true);
  expect(report.target).toBeNull();
  expect(Object.keys(report.summary)).toEqual(['total', 'healthy', 'progressing', 'suspended', 'degraded', 'missing', 'unknown', 'drifted']);
  expect(report.summary.total).toBe(21);
  expect(Object.keys(report.resources[0])).toEqual(['apiVersion', 'kind', 'namespace', 'name', 'health', 'drift']);
  expect(report.resources.find((r: any) => r.kind === 'Namespace')).toEqual({
    apiVersion: 'v1', kind: 'Namespace', namespace: null, name: 'moderation', health: { status: 'Healthy', message: '' }, drift: [],
  });
});

describe('with drift in the cluster', () => {
  beforeAll(() => {
    server.update('apps/v1', 'Deployment', 'moderation', 'web', (d) => (d.spec.template.spec.containers[0].image = 'registry.example.com/moderation/web:3.6.0'));
  });
  afterAll(() => {
    server.update('apps/v1', 'Deployment', 'moderation', 'web', (d) => (d.spec.template.spec.containers[0].image = 'registry.example.com/moderation/web:3.7.1'));
  });

  test('--output table and junit: exit 1; the table has one row per problem and a summary, no colour off a terminal; JUnit one case per object', async () => {
    const [table, junit] = await Promise.all([
      // Wide enough for the whole drift on one line (off a terminal the table fits COLUMNS, else 100 columns).
      runCli(['--manifests', FIXTURE_DIR, '--output', 'table', ...FAST], { KUBECONFIG: kubeconfig, COLUMNS: '240' }),
      runCli(['--manifests', FIXTURE_DIR, '-o', 'junit', ...FAST], { KUBECONFIG: kubeconfig }),
    ]);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain('drift spec.template.spec.containers[name=web].image: "registry.example.com/moderation/web:3.7.1" → "registry.example.com/moderation/web:3.6.0"');
    expect(table.stdout).toMatch(/│ Deployment \(apps\/v1\) │ moderation │ web +│ Healthy \+drift │/);
    expect(table.stdout.trim().split('\n').pop()).toBe('21 objects: 21 healthy, 1 drifted — NOT OK');
    expect(table.stdout).not.toMatch(/\x1b\[/);

    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="verify" tests="21" failures="1" errors="0">/);
    expect(junit.stdout.match(/<testcase /g)).toHaveLength(21);
    expect(junit.stdout).toContain('<testcase classname="apps/v1/Deployment" name="moderation/web">');
  });
});

test('--context selects the kubeconfig context; refused credentials exit 2 with a one-line reason', async () => {
  const [ok, refused] = await Promise.all([
    runCli(['--manifests', FIXTURE_DIR, '--kubeconfig', kubeconfig, '--context', 'staging', ...FAST]),
    runCli(['--manifests', FIXTURE_DIR, '--kubeconfig', kubeconfig, '--context', 'revoked', ...FAST]),
  ]);
  expect(ok.code).toBe(0);
  expect(refused.code).toBe(2);
  expectOneLineReason(refused.stderr, /^verify: authentication refused by the API server \(401\): Unauthorized$/);
  expect(refused.stdout).toBe('');
});

test('unreachable cluster: exit 2, one line, no stack trace', async () => {
  const closed = new FakeApiServer();
  const url = await closed.start();
  await closed.stop();
  const run = await runCli(['--manifests', FIXTURE_DIR, ...FAST], { KUBECONFIG: writeKubeconfig([{ name: 'gone', server: url, token: 'x' }]) });
  expect(run.code).toBe(2);
  expectOneLineReason(run.stderr, /^verify: cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/);
});

test('kubeconfig problems exit 2 with a one-line reason', async () => {
  const cases: [string[], RegExp][] = [
    [['--manifests', FIXTURE_DIR, '--context', 'nope'], /^verify: context "nope" not found in kubeconfig \(known: staging, revoked\)$/],
    [['--manifests', FIXTURE_DIR, '--kubeconfig', path.join(os.tmpdir(), 'no-such-dir', 'config')], /^verify: kubeconfig not found: /],
  ];
  const runs = await Promise.all(cases.map(([args]) => runCli(args, { KUBECONFIG: kubeconfig })));
  runs.forEach((run, i) => {
    expect({ args: cases[i][0], code: run.code }).toEqual({ args: cases[i][0], code: 2 });
    expectOneLineReason(run.stderr, cases[i][1]);
  });
});

test('--wait on a non-terminal prints one progress line per pass on stderr, the report on stdout, and a last line when the time is up', async () => {
  server.update('apps/v1', 'Deployment', 'moderation', 'web', (d) => (d.status.availableReplicas = 1));
  try {
    const run = await runCli(['--manifests', FIXTURE_DIR, '--wait', '600ms', '--poll-interval', '200ms', ...FAST], { KUBECONFIG: kubeconfig });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    expect(lines[0]).toMatch(/^\[pass 1, \d+ms\] 21 objects: 20 healthy, 1 progressing, 0 drifted — waiting, .* left$/);
    expect(lines.slice(0, -1).every((line) => line.startsWith('[pass '))).toBe(true);
    expect(lines[lines.length - 1]).toBe('verify: gave up waiting after 600ms: 1 object still not healthy');
    expect(JSON.parse(run.stdout).summary.progressing).toBe(1);
  } finally {
    server.update('apps/v1', 'Deployment', 'moderation', 'web', (d) => (d.status.availableReplicas = 2));
  }
});

/** A self-signed serving certificate for 127.0.0.1, or undefined when openssl is not installed. */
function selfSignedCertificate(): { key: string; cert: string } | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=kube-apiserver', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const tls = selfSignedCertificate();
if (!tls) console.log('openssl not found: skipping the HTTPS kubeconfig test');

(tls ? test : test.skip)('HTTPS with the cluster CA from the kubeconfig works; a server certificate the CA did not sign is exit 2', async () => {
  const secure = new FakeApiServer(undefined, tls!);
  secure.requiredToken = TOKEN;
  secure.apply(...liveState(desiredFixture()));
  const url = await secure.start();
  try {
    const other = selfSignedCertificate()!;
    const [trusted, untrusted] = await Promise.all([
      runCli(['--manifests', FIXTURE_DIR, ...FAST], { KUBECONFIG: writeKubeconfig([{ name: 'tls', server: url, token: TOKEN, caPem: tls!.cert }]) }),
      runCli(['--manifests', FIXTURE_DIR, ...FAST], { KUBECONFIG: writeKubeconfig([{ name: 'tls', server: url, token: TOKEN, caPem: other.cert }]) }),
    ]);
    expect(trusted.stderr).toBe('');
    expect(trusted.code).toBe(0);
    expect(secure.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // Keep-alive: TLS connections are reused (client-node's own agent would open one per request).
    expect(secure.connections).toBeLessThan(secure.requests.length / 2);
    expect(untrusted.code).toBe(2);
    expectOneLineReason(untrusted.stderr, /^verify: TLS handshake with https:\/\/127\.0\.0\.1:\d+ failed: [A-Z_]+$/);
  } finally {
    await secure.stop();
  }
});
