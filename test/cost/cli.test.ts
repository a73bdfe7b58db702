/** `npm run cost`: formats, target selection, exit codes and one-line errors. */
import { EXIT_OK, EXIT_OVER_BUDGET, EXIT_USAGE, runCost } from '../../scripts/cost';
import { overlayInput } from '../support/overlay';
import { TARGET_NAMES } from '../support/render';
import { overlaysFolder } from '../support/synth-command';

function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = runCost(argv, { write: (t: string) => (out += t) }, { write: (t: string) => (err += t) });
  return { code, out, err };
}

describe('npm run cost', () => {
  it('estimates every target as a table by default', () => {
    const { code, out, err } = run('--now', '2026-12-01');
    expect({ code, err }).toEqual({ code: EXIT_OK, err: '' });
    for (const name of TARGET_NAMES) expect(out).toContain(`${name} (`);
  });

  it('takes targets repeated or comma-separated, in JSON and Markdown', () => {
    const json = run('--target', 'eks-staging,doks-staging', '--format', 'json', '--now', '2026-12-01');
    expect(JSON.parse(json.out).targets.map((t: { target: string }) => t.target)).toEqual(['eks-staging', 'doks-staging']);
    const markdown = run('--target', 'eks-staging', '--target', 'doks-staging', '--format', 'markdown', '--now', '2026-12-01');
    expect(markdown.out).toMatch(/^## Cost estimate\n/);
    expect(markdown.out.match(/^### /gm)).toHaveLength(2);
  });

  it('reproduces its output for a fixed --now', () => {
    expect(run('--target', 'doks-staging', '--now', '2026-12-01').out).toBe(run('--target', 'doks-staging', '--now', '2026-12-01').out);
  });

  it.each([
    [['--target', 'eks-prod'], /^cost: unknown target "eks-prod"; the targets are: /],
    [['--format', 'xml'], /^cost: option '-f, --format <format>' argument 'xml' is invalid/],
    [['--now', 'yesterday'], /^cost: --now "yesterday" is not a date/],
  ])('%j is one line on stderr and exit 2, no stack trace', (argv, message) => {
    const { code, out, err } = run(...argv);
    expect(code).toBe(EXIT_USAGE);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('exits 1 when a target is over its budget, and says by how much', () => {
    const input = overlayInput('doks-staging');
    input.infra.budget = { ...input.infra.budget, monthlyUsd: 50 };
    const { code, out } = run('--overlays', overlaysFolder({ 'doks-staging': input }), '--now', '2026-12-01');
    expect(code).toBe(EXIT_OVER_BUDGET);
    expect(out).toMatch(/budget: OVER BUDGET: \$[\d,.]+ at maximum scale is \$[\d,.]+ above the budget of \$50\.00 \(synthesis warns\)/);
  });
});
