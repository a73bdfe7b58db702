import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TargetConfigError } from '../../charts/config/problems';
import { validateTarget } from '../../charts/config/validate';
import { publish } from '../../charts/publish';
import { renderTargets, SynthesisError } from '../../charts/synthesize';
import { overlayInput } from '../support/overlay';

/** The problems validateTarget reports for an input, as `path: message` lines. */
function problemsOf(target: string, input: unknown): { path: string; message: string }[] {
  try {
    validateTarget(target, input);
  } catch (error) {
    if (error instanceof TargetConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a TargetConfigError');
}

const withSecrets = (target: string, secrets: unknown) => ({ ...overlayInput(target), secrets });

describe('bad secrets config fails with target, field and reason', () => {
  test('an unknown provider', () => {
    const problems = problemsOf('doks-staging', withSecrets('doks-staging', { provider: 'gcp-secret-manager', server: 'https://vault.example.com' }));
    expect(problems).toEqual([{ path: 'secrets.provider', message: expect.stringContaining('"gcp-secret-manager" is not a supported provider: use one of "aws-secrets-manager", "vault"') }]);
  });

  test('a missing secrets section', () => {
    const { secrets: _omitted, ...input } = overlayInput('eks-staging');
    expect(problemsOf('eks-staging', input)).toEqual([{ path: 'secrets', message: expect.stringContaining('required: a secrets section naming its provider') }]);
  });

  test('IRSA without the IAM role ARN', () => {
    expect(problemsOf('eks-staging', withSecrets('eks-staging', { provider: 'aws-secrets-manager', auth: 'irsa' }))).toEqual([
      { path: 'secrets.roleArn', message: expect.stringContaining('required with auth "irsa": the ARN of the IAM role') },
    ]);
  });

  test('IRSA is the default auth, so a bare AWS provider needs the role too', () => {
    expect(problemsOf('eks-staging', withSecrets('eks-staging', { provider: 'aws-secrets-manager' })).map((p) => p.path)).toEqual(['secrets.roleArn']);
  });

  test('a malformed role ARN, and a role ARN with Pod Identity', () => {
    expect(problemsOf('eks-staging', withSecrets('eks-staging', { provider: 'aws-secrets-manager', roleArn: 'eso-role' }))).toEqual([
      { path: 'secrets.roleArn', message: expect.stringContaining('must be an IAM role ARN') },
    ]);
    expect(problemsOf('eks-staging', withSecrets('eks-staging', { provider: 'aws-secrets-manager', auth: 'pod-identity', roleArn: 'arn:aws:iam::123456789012:role/eso' }))).toEqual([
      { path: 'secrets.roleArn', message: expect.stringContaining('not used with auth "pod-identity"') },
    ]);
  });

  test('Vault without its address, or over plain http', () => {
    expect(problemsOf('doks-staging', withSecrets('doks-staging', { provider: 'vault' }))).toEqual([{ path: 'secrets.server', message: expect.stringContaining('required: the Vault address') }]);
    expect(problemsOf('doks-staging', withSecrets('doks-staging', { provider: 'vault', server: 'http://vault:8200' }))).toEqual([{ path: 'secrets.server', message: expect.stringContaining('must be an https:// URL') }]);
  });

  test('token-based providers without their bootstrap Secret reference; a token value is not accepted', () => {
    const problems = problemsOf('doks-staging', withSecrets('doks-staging', { provider: '1password', connectHost: 'https://op.example.com', vaults: ['m'], connectToken: 'ops_abc' }));
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'secrets.connectTokenSecretRef', message: expect.stringContaining('required: a reference { name, key } to the bootstrap Secret holding the 1Password Connect token') },
        { path: 'secrets', message: expect.stringContaining('connectToken') },
      ]),
    );
  });

  test('AWS Secrets Manager on DOKS (no identity to use without static keys)', () => {
    expect(problemsOf('doks-staging', withSecrets('doks-staging', { provider: 'aws-secrets-manager', roleArn: 'arn:aws:iam::123456789012:role/eso' }))).toEqual([
      { path: 'secrets.provider', message: expect.stringContaining('cannot be read without static cloud keys on doks') },
    ]);
  });

  test('a remote key override for a credential no store maps', () => {
    const problems = problemsOf(
      'eks-staging',
      withSecrets('eks-staging', {
        ...overlayInput('eks-staging').secrets,
        remoteKeys: { 'moderation-api': { postgress: 'x' }, 'billing': { stripe: 'y' }, 'registry': { pull: 'z' }, 'web': { session: 'ok/key' } },
      }),
    );
    expect(problems).toEqual([
      { path: 'secrets.remoteKeys.billing', message: expect.stringContaining('"billing" owns no credential: use one of web, moderation-api') },
      { path: 'secrets.remoteKeys.moderation-api.postgress', message: '"moderation-api" has no credential "postgress", so no store maps this key: use one of postgres, redis, kafka' },
      { path: 'secrets.remoteKeys.registry.pull', message: expect.stringContaining('no "pull" credential on eks targets') },
    ]);
  });

  test('database credentials refreshed less than hourly, and a zero interval', () => {
    const problems = problemsOf('eks-staging', withSecrets('eks-staging', { ...overlayInput('eks-staging').secrets, refreshIntervals: { database: '2h', service: '0s', platform: 'daily' } }));
    expect(problems).toEqual([
      { path: 'secrets.refreshIntervals.database', message: expect.stringContaining('must refresh at least hourly') },
      { path: 'secrets.refreshIntervals.platform', message: expect.stringContaining('must be a duration such as "15m"') },
      { path: 'secrets.refreshIntervals.service', message: expect.stringContaining('must be longer than 0') },
    ]);
  });

  test('all problems at once, across sections, in one message naming the target', () => {
    const input = { ...withSecrets('eks-production', { provider: 'aws-secrets-manager', region: 'moon-1' }), domain: 'not a domain' };
    let message = '';
    try {
      renderTargets([{ name: 'eks-production', file: 'eks-production.ts', input }]);
    } catch (error) {
      expect(error).toBeInstanceOf(SynthesisError);
      message = (error as Error).message;
    }
    expect(message).toContain('target "eks-production" has 3 config problems');
    expect(message).toContain('  - domain: ');
    expect(message).toContain('  - secrets.region: must be an AWS region');
    expect(message).toContain('  - secrets.roleArn: required with auth "irsa"');
  });
});

describe('a failed synthesis leaves the output folder untouched', () => {
  test('nothing is written when one target\'s secrets config is invalid', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-synth-'));
    try {
      fs.mkdirSync(path.join(outdir, 'eks-staging'));
      fs.writeFileSync(path.join(outdir, 'eks-staging', 'kustomization.yaml'), 'previous\n');
      const sources = [
        { name: 'eks-staging', file: 'eks-staging.ts', input: overlayInput('eks-staging') },
        { name: 'doks-staging', file: 'doks-staging.ts', input: withSecrets('doks-staging', { provider: 'vault' }) },
      ];
      expect(() => publish(outdir, renderTargets(sources), { prune: true })).toThrow(/target "doks-staging" has 1 config problem:\n {2}- secrets.server: required: the Vault address/);
      expect(fs.readdirSync(outdir)).toEqual(['eks-staging']);
      expect(fs.readFileSync(path.join(outdir, 'eks-staging', 'kustomization.yaml'), 'utf8')).toBe('previous\n');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('defaults', () => {
  test('refresh intervals and operator namespace', () => {
    const target = validateTarget('eks-staging', overlayInput('eks-staging'));
    expect(target.secrets).toMatchObject({ refreshIntervals: { database: '15m', service: '1h', platform: '1h' }, operatorNamespace: 'external-secrets', auth: 'pod-identity' });
  });
  test('Vault: KV mount "secret", Kubernetes auth at "kubernetes" with role "external-secrets"', () => {
    const target = validateTarget('doks-staging', withSecrets('doks-staging', { provider: 'vault', server: 'https://vault.example.com' }));
    expect(target.secrets).toMatchObject({ path: 'secret', kubernetesAuth: { mountPath: 'kubernetes', role: 'external-secrets' } });
  });
});
