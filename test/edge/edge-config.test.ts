import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateTarget } from '../../charts/config/validate';
import { publish } from '../../charts/publish';
import { renderTargets, SynthesisError } from '../../charts/synthesize';
import { overlayInput, configProblems } from '../support/overlay';
import { overlaysFolder, runSynth, tempDir } from '../support/synth-command';

/** The problems validateTarget reports for an overlay changed by `change`, as `path: message`. */
describe('edge config', () => {
  test('every overlay is valid and resolves its defaults', () => {
    for (const name of ['eks-staging', 'eks-production', 'doks-staging', 'doks-production']) {
      const target = validateTarget(name, overlayInput(name));
      expect(target.edge.rateLimits.api).toEqual({ requests: 5, unit: 'Second' });
      expect(target.edge.certificates.issuer).toBe('letsencrypt-production');
      expect(target.edge.proxy.replicas).toEqual({ min: 2, max: 6 });
    }
  });

  test('a public host outside the domain names the field and the domain', () => {
    expect(configProblems('eks-staging', (i) => (i.edge = { hosts: { api: 'api.example.org' } }))).toEqual([
      'edge.hosts.api: "api.example.org" is not under the target\'s domain "staging.moderation.example.com": use "staging.moderation.example.com" or a name ending in ".staging.moderation.example.com"',
    ]);
    // A look-alike suffix is not "under" the domain.
    expect(configProblems('eks-staging', (i) => (i.edge = { hosts: { app: 'evilstaging.moderation.example.com' } }))[0]).toMatch(/^edge\.hosts\.app: .* is not under/);
  });

  test('zero and negative rate limits are rejected', () => {
    const problems = configProblems('doks-staging', (i) => (i.edge = { rateLimits: { api: { requests: 0, unit: 'Second' }, pages: { requests: -5, unit: 'Minute' } } }));
    expect(problems).toEqual([
      expect.stringMatching(/^edge\.rateLimits\.api\.requests: must be greater than 0/),
      expect.stringMatching(/^edge\.rateLimits\.pages\.requests: must be greater than 0/),
    ]);
  });

  test("an API limit looser than the pages' is rejected", () => {
    expect(configProblems('doks-staging', (i) => (i.edge = { rateLimits: { api: { requests: 50, unit: 'Second' } } }))).toEqual([
      "edge.rateLimits.api: 50/Second allows more than rateLimits.pages (20/Second): the API's limit must be the strictest",
    ]);
  });

  test("DNS-01 without the cloud's solver settings is rejected, on each cloud", () => {
    expect(configProblems('eks-staging', (i) => (i.edge = { certificates: { solver: 'dns01' } }))).toEqual([
      expect.stringMatching(/^edge\.certificates\.dns01\.route53: is required when certificates\.solver is "dns01" on eks/),
    ]);
    expect(configProblems('doks-staging', (i) => (i.edge = { certificates: { solver: 'dns01' } }))).toEqual([
      expect.stringMatching(/^edge\.certificates\.dns01\.digitalocean: is required when certificates\.solver is "dns01" on doks/),
    ]);
    expect(configProblems('doks-staging', (i) => (i.edge = { certificates: { solver: 'dns01', dns01: { route53: { hostedZoneID: 'Z123', region: 'us-east-1' } } } }))).toEqual([
      expect.stringMatching(/^edge\.certificates\.dns01\.digitalocean: is required when certificates\.solver is "dns01" on doks: set digitalocean: \{\} \(the token is read from Secret "digitalocean-dns-token", key "access-token"/),
      'edge.certificates.dns01.route53: is the Route 53 solver, but this target runs on doks: use dns01.digitalocean',
    ]);
  });

  test('structural mistakes are schema problems with their path', () => {
    expect(configProblems('eks-staging', (i) => (i.edge = { rateLimit: {} } as never))).toEqual([expect.stringMatching(/^edge: unknown field "rateLimit"; allowed: .*\brateLimits\b/)]);
    expect(configProblems('eks-staging', (i) => (i.edge = { hosts: { app: 'Not A Host' } }))).toEqual([expect.stringMatching(/^edge\.hosts\.app: must be a fully-qualified/)]);
    expect(configProblems('eks-production', (i) => (i.edge = { ...i.edge, proxy: { replicas: { min: 1 } } }))).toEqual([expect.stringMatching(/^edge\.proxy\.replicas\.min: 1 is below 2/)]);
  });

  test('one run reports every problem at once', () => {
    const problems = configProblems('eks-staging', (i) => {
      i.edge = { hosts: { app: 'www.example.net' }, rateLimits: { static: { requests: 0, unit: 'Second' } }, certificates: { solver: 'dns01' } };
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['edge.certificates.dns01.route53', 'edge.hosts.app', 'edge.rateLimits.static.requests']);
  });
});

describe('a failed synthesis', () => {
  test('names target, field and reason, and leaves the output folder untouched', () => {
    const outdir = tempDir('edge-synth-');
    const marker = path.join(outdir, 'eks-staging', 'kustomization.yaml');
    fs.mkdirSync(path.dirname(marker));
    fs.writeFileSync(marker, 'previous\n');
    const bad = overlayInput('eks-staging');
    bad.edge = { hosts: { api: 'api.example.org' }, rateLimits: { api: { requests: -1, unit: 'Second' } } };
    const good = overlayInput('doks-staging');
    let error: unknown;
    try {
      publish(outdir, renderTargets([{ name: 'doks-staging', file: '', input: good }, { name: 'eks-staging', file: '', input: bad }]), { prune: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SynthesisError);
    const message = (error as Error).message;
    expect(message).toContain('target "eks-staging" has 2 config problems');
    expect(message).toContain('edge.hosts.api: "api.example.org" is not under the target\'s domain');
    expect(message).toContain('edge.rateLimits.api.requests: must be greater than 0');
    expect(fs.readdirSync(outdir)).toEqual(['eks-staging']);
    expect(fs.readFileSync(marker, 'utf8')).toBe('previous\n');
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});

describe('the synth command with an edge mistake', () => {
  test('exits 1 naming target, field and reason, and writes nothing', () => {
    const bad = overlayInput('doks-production');
    bad.edge = { hosts: { app: 'moderation.example.org' }, certificates: { solver: 'dns01' } };
    const overlays = overlaysFolder({ 'doks-production': bad });
    const outdir = tempDir('edge-dist-');
    const result = runSynth(['--overlays', overlays, '--outdir', outdir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('target "doks-production" has 2 config problems');
    expect(result.stderr).toContain('edge.hosts.app: "moderation.example.org" is not under the target\'s domain "moderation-do.example.com"');
    expect(result.stderr).toContain('edge.certificates.dns01.digitalocean: is required when certificates.solver is "dns01" on doks');
    expect(result.stderr).toContain('(dist/ was not changed)');
    expect(fs.readdirSync(outdir)).toEqual([]);
    fs.rmSync(overlays, { recursive: true, force: true });
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
