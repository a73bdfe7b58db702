import { getObject, TARGET_NAMES } from '../support/render';
import { chartObjects, ofKind, renderedTarget } from '../support/edge-objects';

describe.each(TARGET_NAMES)('plain HTTP on %s', (name) => {
  const edge = chartObjects(renderedTarget(name), 'edge.yaml');
  const gateway = getObject(edge, 'Gateway', 'edge');
  const httpListeners = gateway.spec.listeners.filter((l: { protocol: string }) => l.protocol === 'HTTP');

  test('there is exactly one plain-HTTP listener, on port 80, for every host', () => {
    expect(httpListeners).toHaveLength(1);
    expect(httpListeners[0]).toMatchObject({ name: 'http', port: 80 });
    expect(httpListeners[0].hostname).toBeUndefined();
  });

  const attachedToHttp = (route: any) =>
    route.spec.parentRefs.some((p: any) => p.name === 'edge' && (p.sectionName === undefined || p.sectionName === httpListeners[0].name) && p.port === undefined);

  test('the only route on it is a 301 redirect to HTTPS with no backend', () => {
    const routes = ofKind(edge, 'HTTPRoute').filter(attachedToHttp);
    expect(routes.map((r) => r.metadata.name)).toEqual(['https-redirect']);
    const [route] = routes;
    expect(route.spec.parentRefs).toEqual([expect.objectContaining({ sectionName: 'http' })]);
    for (const rule of route.spec.rules) {
      expect(rule.backendRefs ?? []).toEqual([]);
      expect(rule.filters).toEqual([{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }]);
    }
  });

  test('the redirect covers every public host', () => {
    const httpsHosts = gateway.spec.listeners.filter((l: any) => l.protocol === 'HTTPS').map((l: any) => l.hostname);
    expect(getObject(edge, 'HTTPRoute', 'https-redirect').spec.hostnames).toEqual(httpsHosts);
  });

  test('no route with a backend can be reached over plain HTTP', () => {
    for (const route of ofKind(edge, 'HTTPRoute')) {
      const hasBackend = route.spec.rules.some((r: any) => (r.backendRefs ?? []).length > 0);
      if (hasBackend) expect({ route: route.metadata.name, attachedToHttp: attachedToHttp(route) }).toEqual({ route: route.metadata.name, attachedToHttp: false });
    }
  });

  test("cert-manager's HTTP-01 solver routes go to the HTTP listener (the challenge's exception)", () => {
    for (const issuer of ofKind(edge, 'ClusterIssuer')) {
      for (const solver of issuer.spec.acme.solvers) {
        if (solver.http01) {
          expect(solver.http01.gatewayHTTPRoute.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'moderation', sectionName: 'http' }]);
          expect(solver.http01.gatewayHTTPRoute.serviceType).toBe('ClusterIP');
        }
      }
    }
  });
});
