/** `npm run report -- connections`: the budget's numbers as a table, its exit codes, and its one-line errors. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { EXIT_OK, EXIT_OVER_BUDGET, EXIT_USAGE, runReport } from '../../scripts/report';
import { overlayInput } from '../support/overlay';
import { overlaysFolder } from '../support/synth-command';
import { TARGET_NAMES } from '../support/render';

const ROOT = path.resolve(__dirname, '../..');

/** Runs the report in-process; what it wrote and its exit code. */
function report(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runReport(argv, { write: (t: string) => (stdout += t) }, { write: (t: string) => (stderr += t) });
  return { code, stdout, stderr };
}

/** The row of a table whose label is `label`, as its cells. */
const row = (text: string, label: string) =>
  text
    .split('\n')
    .find((line) => line.trimStart().startsWith(`${label}  `))
    ?.trim()
    .split(/\s{2,}/);

describe('report connections', () => {
  it('prints one target\'s budget on both sides, every contributor with its numbers, and the headroom', () => {
    const { code, stdout, stderr } = report('connections', '--target', 'eks-production');
    expect([code, stderr]).toEqual([EXIT_OK, '']);
    expect(stdout).toMatch(/^eks-production: connections at maximum scale, through PgBouncer\n/);
    expect(row(stdout, 'moderation-api')).toEqual(['moderation-api', '20 replicas × pool 10', '200']);
    expect(row(stdout, 'moderation-worker')).toEqual(['moderation-worker', '12 replicas × pool 5', '60']);
    expect(row(stdout, 'PgBouncer accepts')).toEqual(['PgBouncer accepts', '2 replicas (replicas.min) × 999 (max_client_conn 1000 less 1 for its exporter)', '1998']);
    expect(row(stdout, 'PgBouncer')).toEqual(['PgBouncer', '5 pods (replicas.max 4 + 1 during a rollout) × 2 pools × 20 (default_pool_size)', '200']);
    expect(row(stdout, 'max_connections')).toEqual(['max_connections', 'db.r6g.large: LEAST(16 GiB / 9531392 B, 5000)', '1802']);
    expect(stdout.split('\n').filter((l) => l.trimStart().startsWith('total')).map((l) => l.trim().split(/\s+/)[1])).toEqual(['260', '212']);
    expect(stdout.split('\n').filter((l) => l.trimStart().startsWith('headroom')).map((l) => l.trim().replace(/^headroom\s+/, ''))).toEqual(['1738 (86 %)', '1590 (88 %)']);
  });

  it('reports every target without --target; a provider pool\'s unknown client limit shows as not checked', () => {
    const { code, stdout } = report('connections');
    expect(code).toBe(EXIT_OK);
    expect(stdout.split('\n').filter((l) => /^\S+: connections at maximum scale/.test(l)).map((l) => l.split(':')[0])).toEqual(TARGET_NAMES);
    const managed = stdout.slice(stdout.indexOf('doks-staging:'));
    expect(row(managed, 'DigitalOcean pool accepts')?.slice(1)).toEqual(['DigitalOcean pool does not publish its client limit: not checked', '?']);
  });

  it('shows a budget that can be exceeded, by how much, and exits 1', () => {
    const raised = overlayInput('eks-staging');
    raised.services = { 'moderation-api': { replicas: { max: 250 } } };
    const { code, stdout, stderr } = report('connections', '--overlays', overlaysFolder({ 'eks-staging': raised }));
    expect([code, stderr]).toEqual([EXIT_OVER_BUDGET, '']);
    expect(row(stdout, 'moderation-api')).toEqual(['moderation-api', '250 replicas × pool 5', '1250']);
    expect(stdout).toContain('OVER BY 266');
  });

  it('an unknown target is a user error in one line, listing the targets', () => {
    const { code, stdout, stderr } = report('connections', '--target', 'eks-prod');
    expect([code, stdout]).toEqual([EXIT_USAGE, '']);
    expect(stderr).toBe(`report: unknown target "eks-prod"; the targets are: ${TARGET_NAMES.join(', ')}\n`);
  });

  it('other config problems are user errors too, in one line naming them; so are a missing report and a bad option', () => {
    const broken = overlayInput('eks-staging');
    (broken as { pooler?: unknown }).pooler = { database: { size: 'db.t4g.medium' } };
    const invalid = report('connections', '--overlays', overlaysFolder({ 'eks-staging': broken }));
    expect([invalid.code, invalid.stdout]).toEqual([EXIT_USAGE, '']);
    expect(invalid.stderr).toMatch(/^report: target "eks-staging" has config problems: pooler\.database\.size: is read from infra\.postgres\.size.*\n$/);
    expect(report()).toEqual({ code: EXIT_USAGE, stdout: '', stderr: 'report: name a report: connections or retention (npm run report -- connections --help)\n' });
    expect(report('connections', '--colour')).toEqual({ code: EXIT_USAGE, stdout: '', stderr: "report: unknown option '--colour'\n" });
  });

  it('runs as `npm run report`, with the exit code on the process', () => {
    const ok = spawnSync('npm', ['run', '--silent', 'report', '--', 'connections', '--target', 'eks-staging'], { cwd: ROOT, encoding: 'utf8' });
    expect([ok.status, ok.stderr]).toEqual([EXIT_OK, '']);
    expect(ok.stdout).toContain('eks-staging: connections at maximum scale, through PgBouncer');
    const unknown = spawnSync('npm', ['run', '--silent', 'report', '--', 'connections', '--target', 'nope'], { cwd: ROOT, encoding: 'utf8' });
    expect([unknown.status, unknown.stderr.split('\n').length]).toEqual([EXIT_USAGE, 2]);
  });
});
