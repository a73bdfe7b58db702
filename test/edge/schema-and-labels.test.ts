import { renderTarget } from '../../charts/synthesize';
import { validateObject } from '../support';
import { TARGET_NAMES } from '../support/render';
import { chartObjects, renderedTarget, renderVariant } from '../support/edge-objects';

const COMMON_LABELS = ['app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/name', 'app.kubernetes.io/component', 'app.kubernetes.io/version', 'environment', 'team', 'cost-center'];

describe.each(TARGET_NAMES)('edge objects of %s', (name) => {
  const rendered = renderedTarget(name);
  const edge = chartObjects(rendered, 'edge.yaml');

  test('contain the Gateway, routes, certificates, issuers and policies', () => {
    const kinds = new Set(edge.map((o) => o.kind));
    for (const kind of ['GatewayClass', 'Gateway', 'EnvoyProxy', 'HTTPRoute', 'Certificate', 'ClusterIssuer', 'BackendTrafficPolicy', 'ClientTrafficPolicy', 'SecurityPolicy']) expect(kinds).toContain(kind);
  });

  test('every object validates against its CRD (served version) or built-in schema', () => {
    const problems = [...edge, ...chartObjects(rendered, 'network-policies.yaml')].flatMap((o) => validateObject(o));
    expect(problems).toEqual([]);
  });

  test('every custom resource uses the served storage version of its group', () => {
    const versions = Object.fromEntries(edge.map((o) => [o.apiVersion.split('/')[0], o.apiVersion]));
    expect(versions).toEqual({
      'gateway.networking.k8s.io': 'gateway.networking.k8s.io/v1',
      'gateway.envoyproxy.io': 'gateway.envoyproxy.io/v1alpha1',
      'cert-manager.io': 'cert-manager.io/v1',
      'monitoring.coreos.com': 'monitoring.coreos.com/v1',
    });
  });

  test('every object carries the ownership labels; namespaced ones live in the platform namespace', () => {
    const clusterScoped = new Set(['GatewayClass', 'ClusterIssuer']);
    for (const o of edge) {
      expect(Object.keys(o.metadata.labels ?? {})).toEqual(expect.arrayContaining(COMMON_LABELS));
      expect(o.metadata.labels).toMatchObject({ environment: rendered.target.environment, team: rendered.target.owner.team, 'cost-center': rendered.target.owner.costCenter });
      if (clusterScoped.has(o.kind)) expect(o.metadata.namespace).toBeUndefined();
      else expect(o.metadata.namespace).toBe(rendered.target.namespace);
    }
  });

  test("the Secrets cert-manager writes carry the ownership labels", () => {
    for (const certificate of edge.filter((o) => o.kind === 'Certificate')) {
      expect(certificate.spec.secretTemplate.labels).toMatchObject({ environment: rendered.target.environment, team: rendered.target.owner.team, 'cost-center': rendered.target.owner.costCenter });
      expect(certificate.spec.secretTemplate.labels['app.kubernetes.io/managed-by']).toBeUndefined();
    }
  });

  test('names are unique per kind and namespace', () => {
    const keys = edge.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('rendering is deterministic', () => {
    const again = renderTarget(rendered.target).files.find((f) => f.name === 'edge.yaml');
    expect(again?.content).toBe(rendered.files.find((f) => f.name === 'edge.yaml')?.content);
  });

  test('edge.yaml is listed in the kustomization', () => {
    expect(rendered.files.find((f) => f.name === 'kustomization.yaml')?.content).toContain('- edge.yaml');
  });
});

describe('DNS-01 solvers', () => {
  test('Route 53 on EKS uses the pod identity of cert-manager: zone and region, no credentials', () => {
    const edge = chartObjects(renderedTarget('eks-production'), 'edge.yaml');
    for (const issuer of edge.filter((o) => o.kind === 'ClusterIssuer')) {
      expect(issuer.spec.acme.solvers).toEqual([{ dns01: { route53: { hostedZoneID: 'Z04517273AXJ2L0RQ1MV7', region: 'us-east-1' } } }]);
    }
  });

  test('DigitalOcean DNS on DOKS reads the token from the ExternalSecret-managed Secret', () => {
    const { objects } = renderVariant('doks-production', (input) => {
      input.edge = { certificates: { solver: 'dns01', dns01: { digitalocean: {} } } };
    });
    const issuers = objects.filter((o) => o.kind === 'ClusterIssuer');
    expect(issuers).toHaveLength(2);
    for (const issuer of issuers) {
      expect(issuer.spec.acme.solvers).toEqual([{ dns01: { digitalocean: { tokenSecretRef: { name: 'digitalocean-dns-token', key: 'access-token' } } } }]);
    }
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(issuers.flatMap((o) => validateObject(o))).toEqual([]);
    // The contract with the secrets chart: its ExternalSecret writes exactly that Secret and key.
    const external = objects.filter((o) => o.kind === 'ExternalSecret' && o.spec.target.name === 'digitalocean-dns-token');
    expect(external.map((o) => o.metadata.namespace)).toEqual(['cert-manager']);
    expect(external[0].spec.data.map((d: { secretKey: string }) => d.secretKey)).toContain('access-token');
  });
});
