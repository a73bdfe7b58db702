import { getObject, TARGET_NAMES } from '../support/render';
import { chartObjects, ofKind, renderedTarget, renderVariant } from '../support/edge-objects';

describe.each(TARGET_NAMES)('client side of %s', (name) => {
  const rendered = renderedTarget(name);
  const edge = chartObjects(rendered, 'edge.yaml');
  const gateway = getObject(edge, 'Gateway', 'edge');
  const listenerNames = (protocol: string) => gateway.spec.listeners.filter((l: any) => l.protocol === protocol).map((l: any) => l.name);
  const targets = (policy: any) => policy.spec.targetRefs.map((t: any) => t.sectionName);

  test('every HTTPS listener requires TLS 1.2+ and sends HSTS on every response', () => {
    const https = getObject(edge, 'ClientTrafficPolicy', 'edge-https');
    expect(targets(https)).toEqual(listenerNames('HTTPS'));
    expect(https.spec.tls.minVersion).toBe('1.2');
    expect(https.spec.tls.ciphers.every((c: string) => c.startsWith('ECDHE-') && /GCM|CHACHA20/.test(c))).toBe(true);
    expect(https.spec.headers.lateResponseHeaders.set).toEqual([{ name: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }]);
  });

  test('the HTTP listener has its own policy, without HSTS or TLS', () => {
    const http = getObject(edge, 'ClientTrafficPolicy', 'edge-http');
    expect(targets(http)).toEqual(listenerNames('HTTP'));
    expect(http.spec.headers).toBeUndefined();
    expect(http.spec.tls).toBeUndefined();
  });

  test('every listener requires the PROXY protocol, the client address the load balancer passes on', () => {
    for (const policy of ofKind(edge, 'ClientTrafficPolicy')) {
      expect(policy.spec.proxyProtocol).toEqual({ optional: false });
      // No CDN in front by default: X-Forwarded-For from clients is not trusted.
      expect(policy.spec.clientIPDetection).toBeUndefined();
    }
    const covered = ofKind(edge, 'ClientTrafficPolicy').flatMap(targets).sort();
    expect(covered).toEqual(gateway.spec.listeners.map((l: any) => l.name).sort());
  });

  test("the Gateway's EnvoyProxy sets the cloud's internet-facing load balancer with PROXY protocol", () => {
    expect(gateway.spec.infrastructure.parametersRef).toEqual({ group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'edge-proxy' });
    const proxy = getObject(edge, 'EnvoyProxy', 'edge-proxy', gateway.metadata.namespace);
    const service = proxy.spec.provider.kubernetes.envoyService;
    expect(service.type).toBe('LoadBalancer');
    if (rendered.target.cloud === 'eks') {
      expect(service.annotations).toMatchObject({
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
        'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol': '*',
      });
      expect(Object.keys(service.annotations).some((k) => k.includes('do-loadbalancer'))).toBe(false);
      expect(service.allocateLoadBalancerNodePorts).toBe(false);
    } else {
      expect(service.annotations).toMatchObject({
        'service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol': 'true',
        'service.beta.kubernetes.io/do-loadbalancer-size-unit': rendered.target.environment === 'production' ? '2' : '1',
        'service.beta.kubernetes.io/do-loadbalancer-hostname': rendered.target.domain,
        'service.beta.kubernetes.io/do-loadbalancer-healthcheck-unhealthy-threshold': '2',
      });
      // Port, path and protocol stay the cloud controller's (kube-proxy's health node port).
      expect(Object.keys(service.annotations).filter((k) => /healthcheck-(port|path|protocol)|override-health-check/.test(k))).toEqual([]);
      expect(service.annotations['service.beta.kubernetes.io/do-loadbalancer-tls-passthrough']).toBeUndefined();
      expect(Object.keys(service.annotations).some((k) => k.includes('aws-load-balancer'))).toBe(false);
      expect(service.allocateLoadBalancerNodePorts).toBeUndefined(); // the DO load balancer targets NodePorts
    }
  });

  test('the Envoy fleet is autoscaled from 2 replicas, disruption-budgeted and hardened', () => {
    const { kubernetes } = getObject(edge, 'EnvoyProxy', 'edge-proxy').spec.provider;
    expect(kubernetes.envoyHpa.minReplicas).toBeGreaterThanOrEqual(2);
    expect(kubernetes.envoyPDB).toEqual({ maxUnavailable: 1 });
    const { container, pod } = kubernetes.envoyDeployment;
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits.memory).toBeDefined();
  });

  test("Prometheus scrapes this Gateway's Envoy proxies in the edge namespace", () => {
    const monitor = getObject(edge, 'PodMonitor', 'edge-proxy');
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['envoy-gateway-system'] });
    expect(monitor.spec.selector.matchLabels).toMatchObject({ 'gateway.envoyproxy.io/owning-gateway-name': 'edge', 'gateway.envoyproxy.io/owning-gateway-namespace': 'moderation' });
    expect(monitor.spec.podMetricsEndpoints).toEqual([expect.objectContaining({ port: 'metrics', path: '/stats/prometheus' })]);
  });
});

describe('behind a CDN', () => {
  test('trusted X-Forwarded-For hops and source ranges reach the client policies and the load balancer', () => {
    const { objects } = renderVariant('eks-production', (input) => {
      input.edge = { ...input.edge, clientIP: { trustedHops: 1 }, loadBalancer: { sourceRanges: ['130.176.0.0/16'] } };
    });
    for (const policy of ofKind(objects, 'ClientTrafficPolicy')) expect(policy.spec.clientIPDetection).toEqual({ xForwardedFor: { numTrustedHops: 1 } });
    expect(getObject(objects, 'EnvoyProxy', 'edge-proxy').spec.provider.kubernetes.envoyService.loadBalancerSourceRanges).toEqual(['130.176.0.0/16']);
  });
});
