/** `npm run report -- retention`: every target's retentions, as the policy resolves them. */
import { RETENTION_SOURCES, retentionPolicy } from '../../charts/compliance/retention';
import { EXIT_OK, EXIT_USAGE, runReport } from '../../scripts/report';
import { renderedTarget, TARGET_NAMES } from '../support/render';

function report(...argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runReport(argv, { write: (t: string) => (stdout += t) }, { write: (t: string) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('report retention', () => {
  it('prints every target\'s retention of each kind of data, in days, with the field that sets it', () => {
    const { code, stdout, stderr } = report('retention');
    expect([code, stderr]).toEqual([EXIT_OK, '']);
    const [header, ...rows] = stdout.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));
    expect(header).toEqual(['retention (days)', 'field', ...TARGET_NAMES]);
    expect(rows.map((r) => r[1])).toEqual(RETENTION_SOURCES.map((s) => s.field));
    for (const [i, source] of RETENTION_SOURCES.entries()) {
      expect(rows[i].slice(2).map(Number)).toEqual(TARGET_NAMES.map((name) => retentionPolicy(renderedTarget(name).target)[source.kind]));
    }
  });

  it('reports only the targets asked for, and refuses an unknown one', () => {
    const [header] = report('retention', '--target', 'eks-staging').stdout.split('\n');
    expect(header.trim().split(/\s{2,}/)).toEqual(['retention (days)', 'field', 'eks-staging']);
    const unknown = report('retention', '--target', 'nowhere');
    expect(unknown.code).toBe(EXIT_USAGE);
    expect(unknown.stderr).toMatch(/^report: .*nowhere/);
  });
});
