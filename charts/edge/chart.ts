import type { Construct } from 'constructs';
import type { ClusterIssuerSpecAcmeSolvers } from '../../imports/clusterissuers-cert-manager.io';
import type { CloudProfile } from '../cloud';
import type { Target } from '../config/target';
import type { FeatureChartProps } from '../platform/feature';
import { commonLabels } from '../platform/labels';
import { PlatformChart } from '../platform/platform-chart';
import { EdgeCertificates, http01Solver } from './certificates';
import { EdgeEnvoyProxy, ENVOY_PROXY_NAME } from './envoy-proxy';
import { EdgeGateway } from './gateway';
import { EdgeProxyMonitoring } from './proxy-monitoring';
import { EdgeHttpRoute, HTTPS_REDIRECT_ROUTE, HttpsRedirectRoute } from './routes';
import { edgeRoutes, GATEWAY_NAME, publicListeners } from './routing';
import { publicHosts } from './schema';
import { RestrictedRoutePolicy } from './security-policies';
import { GatewayClientPolicies, RedirectTrafficPolicy, RouteTrafficPolicy } from './traffic-policies';

/**
 * The ACME solver of a target: HTTP-01 through the Gateway, or DNS-01 with the cloud's DNS (Route 53
 * through cert-manager's own IAM role, or DigitalOcean DNS with the token from the ExternalSecret).
 */
export function acmeSolver(target: Target, cloud: CloudProfile): ClusterIssuerSpecAcmeSolvers {
  const { solver, dns01 } = target.edge.certificates;
  if (solver === 'http01') return http01Solver(GATEWAY_NAME, target.namespace);
  const settings = cloud.dns01Solver(dns01);
  // The config rules reject this before synthesis; fail loudly if a caller skipped them.
  if (!settings) throw new Error(`target ${target.name}: DNS-01 requested without edge.certificates.dns01.${cloud.dns01Field}`);
  return { dns01: settings };
}

/** Ownership labels of a certificate's Secret (cert-manager, not cdk8s, manages the Secret). */
function certificateSecretLabels(target: Target): Record<string, string> {
  const { 'app.kubernetes.io/managed-by': _managedBy, ...labels } = commonLabels(target);
  return { ...labels, 'app.kubernetes.io/component': 'edge' };
}

/**
 * The public edge of a target: the Envoy Gateway GatewayClass and Gateway, its Envoy proxy fleet,
 * cloud load balancer and Prometheus scraping, Let's Encrypt issuers and a certificate per public
 * host, the HTTP-to-HTTPS redirect, one HTTPRoute per row of the routing table
 * (charts/edge/routing.ts) with its traffic policy, the restriction of admin paths, and the
 * client-side TLS and client-IP policies. The one place that reads the target and its cloud
 * profile for the edge; see docs/features/edge.md.
 */
export class EdgeChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target, cloud } = props;
    super(scope, id, { target, component: 'edge' });
    const { edge, namespace } = target;
    const gatewayName = GATEWAY_NAME;
    const listeners = publicListeners(target);

    new EdgeGateway(this, 'gateway', { gatewayName, namespace, envoyProxyName: ENVOY_PROXY_NAME, listeners });
    new EdgeEnvoyProxy(this, 'envoy-proxy', {
      name: ENVOY_PROXY_NAME,
      namespace,
      gatewayName,
      replicas: edge.proxy.replicas,
      loadBalancerAnnotations: cloud.loadBalancerAnnotations({ targetName: target.name, production: target.environment === 'production', primaryHost: publicHosts(target).app }),
      loadBalancerTargetsPods: cloud.loadBalancerTargetsPods,
      loadBalancerSourceRanges: edge.loadBalancer.sourceRanges,
      zoneSpread: cloud.zoneSpread,
    });
    new EdgeProxyMonitoring(this, 'proxy-monitoring', { name: ENVOY_PROXY_NAME, namespace, gatewayName, proxyNamespace: target.network.edgeNamespace });
    new EdgeCertificates(this, 'certificates', {
      namespace,
      listeners,
      issuer: edge.certificates.issuer,
      email: edge.certificates.email ?? `hostmaster@${target.domain}`,
      solver: acmeSolver(target, cloud),
      secretLabels: certificateSecretLabels(target),
    });
    new GatewayClientPolicies(this, 'client-policies', { namespace, gatewayName, listeners, hsts: edge.hsts, trustedHops: edge.clientIP.trustedHops });
    new HttpsRedirectRoute(this, 'https-redirect', { namespace, gatewayName, hosts: listeners.map((l) => l.host) });
    new RedirectTrafficPolicy(this, 'https-redirect-policy', { namespace, routeName: HTTPS_REDIRECT_ROUTE, rateLimit: edge.rateLimits.pages });
    for (const route of edgeRoutes(target)) {
      new EdgeHttpRoute(this, route.name, { namespace, gatewayName, route, requestTimeoutSeconds: edge.requestTimeoutSeconds });
      new RouteTrafficPolicy(this, `${route.name}-traffic`, {
        namespace,
        route,
        rateLimit: edge.rateLimits[route.rateLimit],
        maxRequestBody: edge.maxRequestBody[route.bodyLimit],
        requestTimeoutSeconds: edge.requestTimeoutSeconds,
      });
      if (route.restricted) new RestrictedRoutePolicy(this, `${route.name}-security`, { namespace, routeName: route.name, adminCidrs: edge.adminCidrs });
    }
  }
}
