/** A target's budget at synthesis: over it is a one-line warning, or, when the target says so, a failure that writes nothing. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { overlayInput } from '../support/overlay';
import { fingerprint, overlaysFolder, runSynth, tempDir } from '../support/synth-command';

function overBudget(onOverrun?: 'warn' | 'fail') {
  const input = overlayInput('eks-staging');
  input.infra.budget = { ...input.infra.budget, monthlyUsd: 100, ...(onOverrun ? { onOverrun } : {}) };
  return input;
}

describe('synthesis checks each target against infra.budget.monthlyUsd', () => {
  it('warns in one line by default and still writes the target', () => {
    const outdir = tempDir('dist-');
    const result = runSynth(['--no-typecheck', '--overlays', overlaysFolder({ 'eks-staging': overBudget() }), '--outdir', outdir]);
    expect(result.status).toBe(0);
    const warnings = result.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: target "eks-staging" infra\.budget\.monthlyUsd: the estimate at maximum scale, \$[\d,]+ a month, is above the budget of \$100 by \$[\d,]+/);
    expect(fs.existsSync(path.join(outdir, 'eks-staging', 'kustomization.yaml'))).toBe(true);
  });

  it('fails with the field path and the numbers, and leaves the output folder untouched, when the target says fail', () => {
    const outdir = tempDir('dist-');
    fs.mkdirSync(path.join(outdir, 'eks-staging'));
    fs.writeFileSync(path.join(outdir, 'eks-staging', 'workloads.yaml'), 'previous output\n');
    const before = fingerprint(outdir);
    const result = runSynth(['--no-typecheck', '--overlays', overlaysFolder({ 'eks-staging': overBudget('fail') }), '--outdir', outdir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('synth failed: target "eks-staging" has 1 config problem:');
    expect(result.stderr).toMatch(/- infra\.budget\.monthlyUsd: the estimate at maximum scale, \$[\d,]+ a month, is above the budget of \$100/);
    expect(result.stderr).toContain('(dist/ was not changed)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fingerprint(outdir)).toEqual(before);
  });

  it('says nothing for a target within its budget', () => {
    const result = runSynth(['--no-typecheck', '--overlays', overlaysFolder({ 'eks-staging': overlayInput('eks-staging') }), '--outdir', tempDir('dist-')]);
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain('warning:');
  });
});
