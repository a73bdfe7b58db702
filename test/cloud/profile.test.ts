/** The cloud profiles are the only place a cloud's name decides anything. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { CLOUD_PROFILES, CLOUDS, SECRET_PROVIDERS } from '../../charts/cloud';
import { renderedTarget, TARGET_NAMES, targetObjects } from '../support/render';

const ROOT = path.resolve(__dirname, '../..');

describe('cloud profiles', () => {
  it('exist for every cloud a target may name, each under its own id', () => {
    expect(Object.keys(CLOUD_PROFILES).sort()).toEqual([...CLOUDS].sort());
    for (const [id, profile] of Object.entries(CLOUD_PROFILES)) expect(profile.id).toBe(id);
  });

  it('allow only known secrets providers, and AWS Secrets Manager only where a workload identity reads it', () => {
    for (const profile of Object.values(CLOUD_PROFILES)) {
      for (const provider of profile.secretProviders) expect(SECRET_PROVIDERS).toContain(provider);
      expect(profile.secretProviders.includes('aws-secrets-manager')).toBe(profile.podIdentityAgent !== undefined);
    }
  });

  it('are the only code that compares against a cloud name', () => {
    const grep = spawnSync('git', ['grep', '-n', '-E', String.raw`cloud\s*[!=]==?\s*'(eks|doks)'|case '(eks|doks)'`, '--', 'charts', 'verify', 'core'], { cwd: ROOT, encoding: 'utf8' });
    expect(grep.stdout.trim()).toBe('');
    expect(grep.status).toBe(1); // git grep: 1 = no match
  });
});

describe.each(TARGET_NAMES)('%s follows its cloud profile', (name) => {
  const { target } = renderedTarget(name);
  const profile = CLOUD_PROFILES[target.cloud];
  const objects = targetObjects(name);

  it('zone spread, load balancer annotations, pull secrets and the identity agent egress', () => {
    for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
      const zone = deployment.spec.template.spec.topologySpreadConstraints.find((c: { topologyKey: string }) => c.topologyKey === 'topology.kubernetes.io/zone');
      expect(zone.whenUnsatisfiable).toBe(profile.zoneSpread);
      expect(Boolean(deployment.spec.template.spec.imagePullSecrets)).toBe(profile.registryNeedsPullSecret);
    }
    const envoyProxy = objects.find((o) => o.kind === 'EnvoyProxy')!;
    const service = envoyProxy.spec.provider.kubernetes.envoyService;
    expect(Object.keys(service.annotations).sort()).toEqual(Object.keys(profile.loadBalancerAnnotations({ targetName: name, production: true, primaryHost: 'x.example.com' })).sort());
    expect(service.allocateLoadBalancerNodePorts).toBe(profile.loadBalancerTargetsPods ? false : undefined);
    const egressTo = JSON.stringify(objects.filter((o) => o.kind === 'NetworkPolicy').map((p) => p.spec.egress));
    expect(egressTo.includes(profile.podIdentityAgent?.cidr ?? '169.254.170.23/32')).toBe(profile.podIdentityAgent !== undefined);
  });
});
