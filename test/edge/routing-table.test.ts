import type { Target } from '../../charts/config/target';
import { publicHosts } from '../../charts/edge/schema';
import { getObject, TARGET_NAMES } from '../support/render';
import { chartObjects, dnsNameCovers, ofKind, renderedTarget, renderVariant, routingTable, type KubeObject } from '../support/edge-objects';

/** What the internet reaches on a target, host → path → method → service:port. */
function expectedTable(target: Target): string[] {
  const { app, api } = publicHosts(target);
  return [
    ...(api ? [`${api} /api/v1 * moderation-api:8000`, `${api} /api/v1 GET moderation-api:8000`, `${api} /api/v1 HEAD moderation-api:8000`] : []),
    `${app} / * web:3000`,
    `${app} / GET web:3000`,
    `${app} / HEAD web:3000`,
    `${app} /_next/static GET web:3000`,
    `${app} /_next/static HEAD web:3000`,
    ...['/admin', '/api/health', '/api/internal', '/api/ready', '/internal', '/metrics'].map((p) => `${app} ${p} * web:3000`),
  ].sort();
}

const describeRows = (objects: KubeObject[]) => routingTable(objects).map((r) => `${r.host} ${r.path} ${r.method} ${r.service}:${r.port}`).sort();

describe.each(TARGET_NAMES)('routing table of %s', (name) => {
  const rendered = renderedTarget(name);
  const edge = chartObjects(rendered, 'edge.yaml');
  const workloads = chartObjects(rendered, 'workloads.yaml');

  test('each public host and path is served by the expected backend and port', () => {
    expect(describeRows(edge)).toEqual(expectedTable(rendered.target));
  });

  test('every backend is a Service of the platform exposing that port', () => {
    for (const row of routingTable(edge)) {
      const service = getObject(workloads, 'Service', row.service, rendered.target.namespace);
      expect(service.spec.ports.map((p: { port: number }) => p.port)).toContain(row.port);
    }
  });

  test('every HTTPS listener serves a certificate whose DNS names cover its hostname', () => {
    const gateway = getObject(edge, 'Gateway', 'edge');
    const https = gateway.spec.listeners.filter((l: { protocol: string }) => l.protocol === 'HTTPS');
    expect(https.length).toBeGreaterThan(0);
    for (const listener of https) {
      expect(listener.port).toBe(443);
      expect(listener.tls.mode).toBe('Terminate');
      for (const ref of listener.tls.certificateRefs) {
        expect(ref.kind ?? 'Secret').toBe('Secret');
        const certificates = ofKind(edge, 'Certificate').filter((c) => c.spec.secretName === ref.name && c.metadata.namespace === gateway.metadata.namespace);
        expect(certificates).toHaveLength(1);
        expect(certificates[0].spec.dnsNames.some((n: string) => dnsNameCovers(n, listener.hostname))).toBe(true);
        expect(certificates[0].spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt-production' });
      }
    }
  });

  test('every route attaches to a listener of the Gateway that serves its hostnames', () => {
    const gateway = getObject(edge, 'Gateway', 'edge');
    for (const route of ofKind(edge, 'HTTPRoute')) {
      for (const parent of route.spec.parentRefs) {
        expect(parent.sectionName).toBeDefined(); // never every listener at once
        const listener = gateway.spec.listeners.find((l: { name: string }) => l.name === parent.sectionName);
        expect(listener).toBeDefined();
        if (listener.hostname) expect(route.spec.hostnames).toEqual([listener.hostname]);
      }
    }
  });

  test('ClusterIssuers point at the Let\'s Encrypt production and staging directories', () => {
    const issuers = Object.fromEntries(ofKind(edge, 'ClusterIssuer').map((i) => [i.metadata.name, i.spec.acme.server]));
    expect(issuers).toEqual({
      'letsencrypt-production': 'https://acme-v02.api.letsencrypt.org/directory',
      'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
    });
  });
});

describe('a target that keeps its API private', () => {
  const { objects } = renderVariant('eks-staging', (input) => {
    input.edge = { publicApi: false };
  });

  test('has no API listener, certificate or route, and no edge access to moderation-api', () => {
    expect(describeRows(objects).filter((r) => r.includes('moderation-api'))).toEqual([]);
    expect(getObject(objects, 'Gateway', 'edge').spec.listeners.map((l: { name: string }) => l.name)).toEqual(['http', 'https-app']);
    expect(ofKind(objects, 'Certificate').map((c) => c.spec.dnsNames)).toEqual([['staging.moderation.example.com']]);
    const apiPolicy = getObject(objects, 'NetworkPolicy', 'moderation-api');
    const peers = apiPolicy.spec.ingress.flatMap((r: { from: unknown[] }) => r.from);
    expect(JSON.stringify(peers)).not.toContain('envoy-gateway-system');
  });
});

describe('host overrides', () => {
  test('app and API hosts can be set explicitly under the domain', () => {
    const { objects } = renderVariant('doks-staging', (input) => {
      input.edge = { hosts: { app: 'app.staging.moderation-do.example.com', api: 'public-api.staging.moderation-do.example.com' } };
    });
    const hosts = getObject(objects, 'Gateway', 'edge').spec.listeners.map((l: { hostname?: string }) => l.hostname);
    expect(hosts).toEqual([undefined, 'app.staging.moderation-do.example.com', 'public-api.staging.moderation-do.example.com']);
    expect(getObject(objects, 'HTTPRoute', 'https-redirect').spec.hostnames).toEqual(['app.staging.moderation-do.example.com', 'public-api.staging.moderation-do.example.com']);
  });
});
