/**
 * What `--wait` shows while it polls (stderr): on a terminal one line rewritten in place and never
 * wider than the terminal; otherwise one line per pass; and a last line when the time is up.
 */
import { gaveUpMessage, progressReporter, terminalWidth } from '../../verify/cli';
import { ApiError } from '../../verify/errors';
import { ResourceResult, VerifyResult } from '../../verify/types';
import { summarise } from '../../verify/verify';

const resource = (name: string, status: ResourceResult['health']['status'], drifted = false): ResourceResult => ({
  apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'moderation', name, health: { status, message: '' },
  drift: drifted ? [{ path: 'spec.replicas', desired: 1, live: 2 }] : [],
});

const result = (resources: ResourceResult[]): VerifyResult => ({
  ok: resources.every((r) => r.health.status === 'Healthy' && r.drift.length === 0),
  target: 'eks-staging', summary: summarise(resources), resources, unservedKinds: [], missingNamespaces: [],
});

const notYet = result([resource('web', 'Healthy'), resource('moderation-api', 'Progressing'), resource('moderation-worker', 'Degraded'), resource('ml-inference', 'Missing', true)]);

/** A stand-in for stderr that records what is written. */
function stream(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (text: string) => writes.push(text) };
}

/** Three passes still waiting, then the last one when the time is up. */
function runPasses(reporter: ReturnType<typeof progressReporter>): void {
  for (const [pass, remainingMs] of [[1, 20_000], [2, 15_000], [3, 10_000], [4, 0]]) {
    reporter.onPass!(notYet, { pass, elapsedMs: 30_000 - remainingMs, remainingMs, requests: 20 * pass });
  }
}

describe('on a terminal', () => {
  test.each([40, 80])('%i columns: every pass rewrites the one line, cut to fit; a newline only after the last', (columns) => {
    const err = stream(true, columns);
    runPasses(progressReporter(err));
    expect(err.writes).toHaveLength(4);
    for (const write of err.writes) {
      expect(write.startsWith('\r\x1b[2K')).toBe(true);
      const line = write.slice('\r\x1b[2K'.length).replace(/\n$/, '');
      expect(line).not.toContain('\n');
      expect(line.length).toBeLessThan(columns);
    }
    expect(err.writes.map((w) => w.endsWith('\n'))).toEqual([false, false, false, true]);
    expect(err.writes[0]).toContain('[pass 1, 10s] 4 objects');
    if (columns === 40) expect(err.writes[0]).toMatch(/…$/);
  });

  test('a pass that fails as a whole is kept as a line of its own, then the progress line goes on', () => {
    const err = stream(true, 200);
    const reporter = progressReporter(err);
    reporter.onPassError!(new ApiError('server', 'API server error 503', '/apis'), { pass: 2, elapsedMs: 5_000, remainingMs: 25_000, requests: 3 });
    expect(err.writes).toEqual(['\r\x1b[2K[pass 2, 5.0s] API server error 503 — still waiting, 25s left\n']);
  });
});

test('not on a terminal: one line per pass, nothing rewritten; the last pass says the time is up', () => {
  const err = stream(false);
  runPasses(progressReporter(err));
  const text = err.writes.join('');
  expect(text).not.toMatch(/[\r\x1b]/);
  const lines = text.trimEnd().split('\n');
  expect(lines).toHaveLength(4);
  expect(lines[0]).toBe('[pass 1, 10s] 4 objects: 1 healthy, 1 progressing, 1 degraded, 1 missing, 1 drifted — waiting, 20s left');
  expect(lines[3]).toBe('[pass 4, 30s] 4 objects: 1 healthy, 1 progressing, 1 degraded, 1 missing, 1 drifted — out of time');
});

test('when the wait runs out: one line saying so, with what is still wrong', () => {
  expect(gaveUpMessage(600_000, notYet.summary)).toBe('verify: gave up waiting after 10m: 3 objects still not healthy, 1 drifted');
  expect(gaveUpMessage(90_000, result([resource('web', 'Healthy', true)]).summary)).toBe('verify: gave up waiting after 1m30s: 1 object still drifted');
  expect(gaveUpMessage(500, result([resource('web', 'Progressing')]).summary)).toBe('verify: gave up waiting after 500ms: 1 object still not healthy');
});

test('width: the terminal’s; off a terminal COLUMNS, else 100', () => {
  expect(terminalWidth({ isTTY: true, columns: 80 }, { COLUMNS: '132' })).toBe(80);
  expect(terminalWidth({ isTTY: false }, { COLUMNS: '132' })).toBe(132);
  expect(terminalWidth({ isTTY: false }, { COLUMNS: 'wide' })).toBe(100);
  expect(terminalWidth({ isTTY: false }, {})).toBe(100);
});
