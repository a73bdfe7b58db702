import { getObject, TARGET_NAMES } from '../support/render';
import { chartObjects, ofKind, perSecond, renderedTarget, renderVariant, type KubeObject } from '../support/edge-objects';

const policyOf = (objects: KubeObject[], kind: string, route: string): KubeObject[] =>
  ofKind(objects, kind).filter((p) => p.spec.targetRefs.some((t: any) => t.kind === 'HTTPRoute' && t.name === route));

const isApiRoute = (route: KubeObject) => route.spec.rules.some((r: any) => r.backendRefs?.some((b: any) => b.name === 'moderation-api'));
const onlyIdempotent = (route: KubeObject) => route.spec.rules.every((r: any) => r.matches.every((m: any) => m.method === 'GET' || m.method === 'HEAD'));

describe.each(TARGET_NAMES)('traffic policies of %s', (name) => {
  const edge = chartObjects(renderedTarget(name), 'edge.yaml');
  const routes = ofKind(edge, 'HTTPRoute');

  test('every public route has one per-client-IP local rate limit, IPv4 and IPv6', () => {
    for (const route of routes) {
      const policies = policyOf(edge, 'BackendTrafficPolicy', route.metadata.name);
      expect(policies).toHaveLength(1);
      const { rateLimit } = policies[0].spec;
      expect(rateLimit.global).toBeUndefined();
      const selectors = rateLimit.local.rules.map((r: any) => r.clientSelectors);
      expect(selectors).toEqual([[{ sourceCIDR: { type: 'Distinct', value: '0.0.0.0/0' } }], [{ sourceCIDR: { type: 'Distinct', value: '::/0' } }]]);
      for (const rule of rateLimit.local.rules) expect(rule.limit.requests).toBeGreaterThan(0);
    }
  });

  test("the API's limits are stricter than every other route's", () => {
    const limitOf = (route: KubeObject) => Math.max(...policyOf(edge, 'BackendTrafficPolicy', route.metadata.name)[0].spec.rateLimit.local.rules.map((r: any) => perSecond(r.limit)));
    const api = routes.filter(isApiRoute).map(limitOf);
    const others = routes.filter((r) => !isApiRoute(r)).map(limitOf);
    expect(api.length).toBeGreaterThan(0);
    expect(Math.max(...api)).toBeLessThan(Math.min(...others));
  });

  test('only routes of idempotent methods retry; everything else has retries off explicitly', () => {
    for (const route of routes.filter((r) => r.metadata.name !== 'https-redirect')) {
      const { retry } = policyOf(edge, 'BackendTrafficPolicy', route.metadata.name)[0].spec;
      if (onlyIdempotent(route)) {
        expect(retry.numRetries).toBeGreaterThan(0);
        expect(retry.perRetry.timeout).toMatch(/^\d+s$/);
      } else {
        expect({ route: route.metadata.name, retry }).toEqual({ route: route.metadata.name, retry: { numRetries: 0 } });
      }
    }
    expect(routes.some((r) => isApiRoute(r) && !onlyIdempotent(r))).toBe(true); // the POST route exists and is covered above
  });

  test('every backend route has a request timeout and a request body limit', () => {
    for (const route of routes.filter((r) => r.metadata.name !== 'https-redirect')) {
      for (const rule of route.spec.rules) expect(rule.timeouts.request).toBe('30s');
      expect(policyOf(edge, 'BackendTrafficPolicy', route.metadata.name)[0].spec.requestBuffer.limit).toBe(isApiRoute(route) ? '8Mi' : '1Mi');
    }
  });

  test('hashed static assets are cacheable for a year, API responses never', () => {
    const cacheControl = (route: KubeObject) =>
      route.spec.rules.flatMap((r: any) => r.filters ?? []).flatMap((f: any) => f.responseHeaderModifier?.set ?? []).find((h: any) => h.name === 'Cache-Control')?.value;
    const staticRoutes = routes.filter((r) => r.spec.rules.some((rule: any) => rule.matches.some((m: any) => m.path.value === '/_next/static')));
    expect(staticRoutes.map(cacheControl)).toEqual(['public, max-age=31536000, immutable']);
    // ...except their error responses, which a CDN must not keep for a year.
    const override = policyOf(edge, 'BackendTrafficPolicy', staticRoutes[0].metadata.name)[0].spec.responseOverride;
    expect(override).toEqual([{ match: { statusCodes: [{ type: 'Range', range: { start: 400, end: 599 } }] }, response: { header: { set: [{ name: 'Cache-Control', value: 'no-store' }] } } }]);
    for (const route of routes.filter(isApiRoute)) expect(cacheControl(route)).toBe('no-store');
  });

  test('admin and internal paths are denied to everyone by default', () => {
    const [restricted] = ofKind(edge, 'SecurityPolicy');
    expect(ofKind(edge, 'SecurityPolicy')).toHaveLength(1);
    expect(restricted.spec.authorization).toEqual({ defaultAction: 'Deny' });
    const route = getObject(edge, 'HTTPRoute', restricted.spec.targetRefs[0].name);
    const paths = route.spec.rules.flatMap((r: any) => r.matches.map((m: any) => m.path.value));
    expect(paths).toEqual(expect.arrayContaining(['/admin', '/internal', '/api/internal', '/metrics']));
  });
});

describe('per-target limits', () => {
  test('an overlay sets its own limits and admin networks', () => {
    const { objects } = renderVariant('doks-production', (input) => {
      input.edge = { rateLimits: { api: { requests: 120, unit: 'Minute' } }, adminCidrs: ['198.51.100.0/24'] };
    });
    const api = policyOf(objects, 'BackendTrafficPolicy', 'api-writes')[0];
    expect(api.spec.rateLimit.local.rules[0].limit).toEqual({ requests: 120, unit: 'Minute' });
    const pages = policyOf(objects, 'BackendTrafficPolicy', 'web-pages')[0];
    expect(pages.spec.rateLimit.local.rules[0].limit).toEqual({ requests: 20, unit: 'Second' });
    expect(ofKind(objects, 'SecurityPolicy')[0].spec.authorization).toEqual({
      defaultAction: 'Deny',
      rules: [{ name: 'admin-networks', action: 'Allow', principal: { clientCIDRs: ['198.51.100.0/24'] } }],
    });
  });
});
