import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadtestsEnabled, SCENARIO_NAMES } from '../charts/loadtests/schema';
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

  it.each(TARGET_NAMES)('%s has a kustomization per folder listing its chart files, the namespace first in platform/', (name) => {
    const rendered = renderedTarget(name);
    const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '');
    const resources = (folder: string) => {
      const kustomization = parse(rendered.files.find((f) => f.name === (folder === '' ? 'kustomization.yaml' : `${folder}/kustomization.yaml`))!.content);
      expect(kustomization.kind).toBe('Kustomization');
      return kustomization.resources;
    };
    const folders = [...new Set(rendered.files.map((f) => folderOf(f.name)))];
    // A folder per load test where the target renders them (staging by default), applied by hand.
    const loadtests = loadtestsEnabled(rendered.target) ? SCENARIO_NAMES.map((s) => `loadtests/${s}`) : [];
    expect(folders).toEqual(['', 'platform', ...loadtests, 'bootstrap', 'argocd', 'infra-bootstrap', 'infra']);
    for (const folder of folders) {
      const charts = rendered.files.map((f) => f.name).filter((n) => folderOf(n) === folder && !n.endsWith('kustomization.yaml'));
      expect(resources(folder)).toEqual(charts.map((n) => n.slice(n.lastIndexOf('/') + 1)));
    }
    expect(resources('platform')[0]).toBe('namespace.yaml');
    expect(resources('bootstrap')).toEqual(['addons.yaml', 'delivery.yaml']);
    expect(resources('argocd')).toEqual(['application.yaml']);
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  const describeKubectl = kubectl.status === 0 ? describe : describe.skip;
  if (kubectl.status !== 0) console.log('skipping `kubectl kustomize` checks: kubectl is not installed');
  describeKubectl('kubectl kustomize', () => {
    it.each(TARGET_NAMES)('builds dist/%s and its platform/, bootstrap/, argocd/, infra-bootstrap/, infra/ and load test folders', (name) => {
      const loadtests = loadtestsEnabled(renderedTarget(name).target) ? SCENARIO_NAMES.map((s) => [`${name}/loadtests/${s}`, 'kind: TestRun']) : [];
      const folders = [[name, 'kind: Deployment'], [`${name}/platform`, 'kind: Namespace'], [`${name}/bootstrap`, 'kind: Application'], [`${name}/argocd`, 'kind: AppProject'], [`${name}/infra-bootstrap`, 'kind: ProviderConfig'], [`${name}/infra`, 'kind: VPC'], ...loadtests];
      for (const [dir, kind] of folders) {
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
    broken.backingServices['model-registry'].cidrs = ['10.0.0.0/40'];
    const overlays = overlaysFolder({ 'eks-staging': overlayInput('eks-staging'), 'eks-broken': broken });
    const outdir = tempDir('dist-');
    fs.mkdirSync(path.join(outdir, 'eks-staging'));
    fs.writeFileSync(path.join(outdir, 'eks-staging', 'workloads.yaml'), 'previous output\n');
    const before = fingerprint(outdir);

    const result = runSynth(['--overlays', overlays, '--outdir', outdir]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('target "eks-broken" has 2 config problems');
    expect(result.stderr).toContain('images.versions.web: "latest" is not a pinned version');
    expect(result.stderr).toContain('backingServices.model-registry.cidrs[0]: must be an IPv4 CIDR');
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
  it('`npm run cdk8s -- synth` renders every target into its output folder, the same bytes as dist/, with no stack trace offline', () => {
    // cdk8s.yaml's own app command, pointed at a scratch folder instead of the dist/ other tests read.
    const config = parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
    const outdir = tempDir('cdk8s-dist-');
    const result = spawnSync('npm', ['run', '--silent', 'cdk8s', '--', 'synth', '--app', `${config.app} --outdir ${outdir}`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(result.stderr).not.toMatch(/error|\n\s+at |new version/i);
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

describe('a new target is one overlay file', () => {
  it('renders, and the per-target suites pass for it with no test edited', () => {
    // The repository's overlays plus one more, imports (charts, images) made absolute so the copies load from a scratch folder.
    const overlays = tempDir('overlays-added-');
    for (const file of fs.readdirSync(path.join(ROOT, 'overlays'))) {
      const text = fs.readFileSync(path.join(ROOT, 'overlays', file), 'utf8').replaceAll("'../", `'${ROOT}/`);
      fs.writeFileSync(path.join(overlays, file), text);
      if (file === 'eks-staging.ts') {
        fs.writeFileSync(path.join(overlays, 'eks-sandbox.ts'), text.replace("name: 'eks-staging'", "name: 'eks-sandbox'").replace("domain: 'staging.", "domain: 'sandbox."));
      }
    }
    const suites = ['test/edge/routing-table.test.ts', 'test/workloads/', 'test/secrets/store.test.ts', 'test/network/', 'test/gitops/'];
    const results = path.join(tempDir('jest-'), 'results.json');
    const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--ci', '--silent', '--json', `--outputFile=${results}`, ...suites], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, MODERATION_OVERLAYS_DIR: overlays },
    });
    const report = JSON.parse(fs.readFileSync(results, 'utf8')) as { numFailedTests: number; testResults: { assertionResults: { fullName: string }[] }[] };
    const names = report.testResults.flatMap((r) => r.assertionResults.map((a) => a.fullName));
    expect(names.filter((n) => n.includes('eks-sandbox')).length).toBeGreaterThan(50); // the new target was tested
    expect(report.numFailedTests).toBe(0);
    expect(run.status).toBe(0);
  });
});

describe('the synth command on mistakes a new user makes', () => {
  const outdirWithOutput = () => {
    const outdir = tempDir('dist-');
    fs.mkdirSync(path.join(outdir, 'eks-staging'));
    fs.writeFileSync(path.join(outdir, 'eks-staging', 'kustomization.yaml'), 'resources: []\n');
    return outdir;
  };

  it('an empty overlays folder is an error that deletes nothing', () => {
    const outdir = outdirWithOutput();
    const before = fingerprint(outdir);
    const result = runSynth(['--overlays', tempDir('overlays-empty-'), '--outdir', outdir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^synth failed: no targets: .* has no overlay \(<target>\.ts\) files/);
    expect(fingerprint(outdir)).toEqual(before);
  });

  it('a type error in an overlay fails synthesis, naming file, line and column, and writes nothing', () => {
    const overlays = overlaysFolder({ 'eks-staging': overlayInput('eks-staging') });
    const file = path.join(overlays, 'eks-staging.ts');
    fs.writeFileSync(file, `export const minimum: string = 2;\n${fs.readFileSync(file, 'utf8')}`);
    const outdir = outdirWithOutput();
    const before = fingerprint(outdir);
    const result = runSynth(['--overlays', overlays, '--outdir', outdir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/overlays do not type-check \(1 error\):\n {2}- .*eks-staging\.ts\(1,14\): Type 'number' is not assignable to type 'string'/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fingerprint(outdir)).toEqual(before);
  });

  it('an overlay without a default export is named, with what to write', () => {
    const overlays = overlaysFolder({ 'eks-staging': overlayInput('eks-staging') });
    fs.writeFileSync(path.join(overlays, 'eks-empty.ts'), 'export const config = {};\n');
    const result = runSynth(['--overlays', overlays, '--outdir', tempDir('dist-')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/eks-empty\.ts does not load: it has no default export: end it with `export default defineTarget\(\{ \.\.\. \}\)`/);
  });

});

describe('publish', () => {
  it('refuses a full run over no targets instead of pruning every folder', () => {
    const outdir = tempDir('dist-');
    fs.mkdirSync(path.join(outdir, 'eks-staging'));
    fs.writeFileSync(path.join(outdir, 'eks-staging', 'kustomization.yaml'), 'resources: []\n');
    const before = fingerprint(outdir);
    expect(() => publish(outdir, [], { prune: true })).toThrow(/refusing to prune/);
    expect(fingerprint(outdir)).toEqual(before);
  });
});

describe('the synth command with a relative overlays folder', () => {
  it('resolves it against the working directory', () => {
    const overlays = overlaysFolder({ 'eks-staging': overlayInput('eks-staging') });
    const outdir = tempDir('dist-');
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'main.ts'), '--overlays', path.relative(ROOT, overlays), '--outdir', outdir], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(fs.readdirSync(outdir)).toEqual(['eks-staging']);
  });
});
