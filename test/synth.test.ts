import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { publish } from '../charts/publish';
import { renderTargets } from '../charts/synthesize';
import { loadTargetSources } from '../charts/targets';
import { overlayInput } from './support/overlay';
import { fingerprint, overlaysFolder, runSynth, tempDir } from './support/synth-command';
import { renderAllTargets, renderedTarget, TARGET_NAMES } from './support/render';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

describe('synthesis', () => {
  it('is deterministic: two renders give identical bytes', () => {
    const again = renderTargets(loadTargetSources());
    expect(again.map((r) => r.files)).toEqual(renderAllTargets().map((r) => r.files));
  });

  it('committed dist/ matches a fresh synthesis of every target (run `npm run synth` when this fails)', () => {
    const expected: Record<string, string> = {};
    for (const { target, files } of renderAllTargets()) for (const f of files) expected[path.join(target.name, f.name)] = f.content;
    const actual: Record<string, string> = {};
    for (const file of Object.keys(fingerprint(DIST))) actual[file] = fs.readFileSync(path.join(DIST, file), 'utf8');
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const file of Object.keys(expected)) expect({ file, content: actual[file] }).toEqual({ file, content: expected[file] });
  });

  it.each(TARGET_NAMES)('%s has a kustomization listing every chart file, namespace first', (name) => {
    const rendered = renderedTarget(name);
    const kustomization = parse(rendered.files.find((f) => f.name === 'kustomization.yaml')!.content);
    expect(kustomization.kind).toBe('Kustomization');
    const charts = rendered.files.map((f) => f.name).filter((n) => !n.includes('/') && n !== 'kustomization.yaml');
    expect(kustomization.resources).toEqual(charts);
    expect(kustomization.resources[0]).toBe('namespace.yaml');
    const argocd = parse(rendered.files.find((f) => f.name === 'argocd/kustomization.yaml')!.content);
    expect(argocd.resources).toEqual(['application.yaml']);
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  const describeKubectl = kubectl.status === 0 ? describe : describe.skip;
  if (kubectl.status !== 0) console.log('skipping `kubectl kustomize` checks: kubectl is not installed');
  describeKubectl('kubectl kustomize', () => {
    it.each(TARGET_NAMES)('builds dist/%s and its argocd/ folder', (name) => {
      for (const [dir, kind] of [[name, 'kind: Deployment'], [`${name}/argocd`, 'kind: Application']]) {
        const result = spawnSync('kubectl', ['kustomize', path.join(DIST, dir)], { encoding: 'utf8' });
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        expect(result.stdout).toContain(kind);
      }
    });
  });
});

describe('the synth command', () => {
  it('fails on a bad overlay with every problem listed, and leaves the output folder untouched', () => {
    const broken = overlayInput('eks-production');
    broken.name = 'eks-broken';
    broken.images.versions.web = 'latest';
    broken.backingServices.postgres.cidrs = ['10.0.0.0/40'];
    const overlays = overlaysFolder({ 'eks-staging': overlayInput('eks-staging'), 'eks-broken': broken });
    const outdir = tempDir('dist-');
    fs.mkdirSync(path.join(outdir, 'eks-staging'));
    fs.writeFileSync(path.join(outdir, 'eks-staging', 'workloads.yaml'), 'previous output\n');
    const before = fingerprint(outdir);

    const result = runSynth(['--overlays', overlays, '--outdir', outdir]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('target "eks-broken" has 2 config problems');
    expect(result.stderr).toContain('images.versions.web: "latest" is not a pinned version');
    expect(result.stderr).toContain('backingServices.postgres.cidrs[0]: must be an IPv4 CIDR');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(fingerprint(outdir)).toEqual(before);
  });

  it('names an overlay that does not load, in one line, and writes nothing', () => {
    const overlays = overlaysFolder({ 'eks-staging': overlayInput('eks-staging') });
    fs.writeFileSync(path.join(overlays, 'eks-typo.ts'), 'export default { name: "eks-typo", ;\n');
    const outdir = tempDir('dist-');
    const result = runSynth(['--overlays', overlays, '--outdir', outdir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^synth failed: .*eks-typo\.ts does not load: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  it('rejects an unknown target by name, listing the known ones', () => {
    const result = runSynth(['--target', 'eks-prod', '--outdir', tempDir('dist-')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`unknown target "eks-prod"; the targets are: ${TARGET_NAMES.join(', ')}`);
  });

  it('writes one target on request and, on a full run, removes folders of deleted targets', () => {
    const overlays = overlaysFolder({ 'eks-staging': overlayInput('eks-staging'), 'doks-staging': overlayInput('doks-staging') });
    const outdir = tempDir('dist-');
    fs.mkdirSync(path.join(outdir, 'retired-target'));
    fs.writeFileSync(path.join(outdir, 'retired-target', 'kustomization.yaml'), 'resources: []\n');

    const one = runSynth(['--overlays', overlays, '--outdir', outdir, '--target', 'eks-staging']);
    expect(one.status).toBe(0);
    expect(fs.readdirSync(outdir).sort()).toEqual(['eks-staging', 'retired-target']);

    const all = runSynth(['--overlays', overlays, '--outdir', outdir]);
    expect(all.status).toBe(0);
    expect(fs.readdirSync(outdir).sort()).toEqual(['doks-staging', 'eks-staging']);
  });
});

describe('cdk8s synth (the stock CLI path through cdk8s.yaml)', () => {
  it('renders every target into its output folder, the same bytes as dist/', () => {
    // cdk8s.yaml's own app command, pointed at a scratch folder instead of the dist/ other tests read.
    const config = parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
    const outdir = tempDir('cdk8s-dist-');
    const result = spawnSync('npx', ['cdk8s', 'synth', '--no-check-upgrade', '--app', `${config.app} --outdir ${outdir}`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    expect(fingerprint(path.join(ROOT, config.output))).toEqual(fingerprint(DIST));
    expect(fingerprint(outdir)).toEqual(fingerprint(DIST));
  });
});

describe('publish', () => {
  it('replaces a target folder whole, dropping files a chart no longer renders', () => {
    const outdir = tempDir('dist-');
    const [rendered] = renderTargets(loadTargetSources(['eks-staging']));
    fs.mkdirSync(path.join(outdir, 'eks-staging'));
    fs.writeFileSync(path.join(outdir, 'eks-staging', 'removed-chart.yaml'), 'old\n');
    publish(outdir, [rendered], { prune: false });
    expect(Object.keys(fingerprint(path.join(outdir, 'eks-staging'))).sort()).toEqual(rendered.files.map((f) => f.name).sort());
  });
});
