import { TargetConfigError } from '../../charts/config/problems';
import { validateTarget } from '../../charts/config/validate';
import { overlayInput } from '../support/overlay';

/** The problems `validateTarget` reports for an input, as `path: message` lines. */
function problemsOf(target: string, input: unknown): string[] {
  try {
    validateTarget(target, input);
  } catch (error) {
    expect(error).toBeInstanceOf(TargetConfigError);
    const e = error as TargetConfigError;
    expect(e.message).toContain(`target "${target}"`);
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected the config to be rejected');
}

describe('target config validation', () => {
  it('accepts every overlay and resolves defaults', () => {
    const target = validateTarget('eks-production', overlayInput('eks-production'));
    expect(target.namespace).toBe('moderation');
    expect(target.services.web.replicas.min).toBeGreaterThanOrEqual(2);
    expect(target.backingServices['model-registry'].port).toBe(443);
    expect(target.network.edgeNamespace).toBe('envoy-gateway-system');
  });

  it('applies an overlay sizing override on top of the environment default', () => {
    const target = validateTarget('eks-production', overlayInput('eks-production'));
    expect(target.services['ml-inference'].replicas).toEqual({ min: 3, max: 10 });
    expect(target.services['ml-inference'].requests.memory).toBe('6Gi');
  });

  it.each([
    ['max replicas below min', (c: any) => (c.services = { web: { replicas: { min: 4, max: 3 } } }), 'services.web.replicas.max', 'below replicas.min (4)'],
    ['a latest tag', (c: any) => (c.images.versions.web = 'latest'), 'images.versions.web', '"latest" is not a pinned version'],
    ['a missing tag', (c: any) => (c.images.versions['moderation-api'] = ''), 'images.versions.moderation-api', 'must not be empty'],
    ['an invalid hostname', (c: any) => (c.backingServices['model-registry'].host = 'models_primary.internal'), 'backingServices.model-registry.host', 'fully-qualified lowercase DNS name'],
    ['an invalid domain', (c: any) => (c.domain = 'Moderation Example'), 'domain', 'fully-qualified lowercase DNS name'],
    ['an invalid CIDR', (c: any) => (c.backingServices['model-registry'].cidrs = ['10.20.300.0/22']), 'backingServices.model-registry.cidrs[0]', 'IPv4 CIDR'],
    ['a production service below 2 replicas', (c: any) => (c.services = { 'moderation-worker': { replicas: { min: 1 } } }), 'services.moderation-worker.replicas.min', 'at least 2 replicas'],
    ['a port out of range', (c: any) => (c.backingServices['model-registry'].port = 70000), 'backingServices.model-registry.port', 'port between 1 and 65535'],
    ['a host of a service the estate creates', (c: any) => (c.backingServices.postgres = { host: 'db.example.com', cidrs: ['10.0.0.0/16'] }), 'backingServices.postgres', 'created by the cloud estate'],
    ['an unknown service name', (c: any) => (c.services = { 'moderation-apii': { replicas: { min: 2 } } }), 'services', 'moderation-apii'],
    ['an unknown service in image versions', (c: any) => (c.images.versions.webb = '1.0.0'), 'images.versions', 'webb'],
    ['requests above limits', (c: any) => (c.services = { web: { requests: { cpu: '2' } } }), 'services.web.requests.cpu', 'above the limit (1)'],
    ['a malformed quantity', (c: any) => (c.services = { web: { limits: { memory: '1 GB' } } }), 'services.web.limits.memory', 'Kubernetes quantity'],
    ['a zero quantity', (c: any) => (c.services = { web: { requests: { cpu: '0' } } }), 'services.web.requests.cpu', 'positive Kubernetes quantity'],
    ['a name that differs from the file', (c: any) => (c.name = 'eks-prod'), 'name', 'does not match'],
  ])('rejects %s with the field path and the reason', (_what, mutate, path, reason) => {
    const input = overlayInput('eks-production');
    mutate(input);
    const problems = problemsOf('eks-production', input);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: .*${reason.replace(/[.()[\]]/g, '\\$&')}`))]));
  });

  it('reports every problem at once, schema and cross-field rules together', () => {
    const input = overlayInput('eks-production');
    input.images.versions.web = 'latest';
    input.backingServices['model-registry'].cidrs = ['not-a-cidr'];
    input.backingServices['model-registry'].port = 0;
    input.services = { 'web': { replicas: { min: 1, max: 1 } }, 'ml-inference': { replicas: { min: 5, max: 2 } } };
    const problems = problemsOf('eks-production', input);
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      ['backingServices.model-registry.cidrs[0]', 'backingServices.model-registry.port', 'images.versions.web', 'services.ml-inference.replicas.max', 'services.web.replicas.min'].sort(),
    );
  });

  it('accepts a digest or a tag with a digest, and rejects a digest with a bad length', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    const input = overlayInput('eks-staging');
    input.images.versions.web = digest;
    input.images.versions['ml-inference'] = `1.2.3@${digest}`;
    expect(() => validateTarget('eks-staging', input)).not.toThrow();
    input.images.versions.web = 'sha256:abc';
    expect(problemsOf('eks-staging', input)).toEqual([expect.stringMatching(/^images\.versions\.web: /)]);
  });

  it('rejects a config that is not an object with one clear problem', () => {
    expect(problemsOf('eks-staging', undefined)).toHaveLength(1);
  });
});
