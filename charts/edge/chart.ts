import type { Construct } from 'constructs';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';
import { EdgeCertificates } from './certificates';
import { EdgeEnvoyProxy, ENVOY_PROXY_NAME } from './envoy-proxy';
import { EdgeGateway } from './gateway';
import { EdgeProxyMonitoring } from './proxy-monitoring';
import { EdgeHttpRoute, HTTPS_REDIRECT_ROUTE, HttpsRedirectRoute } from './routes';
import { edgeRoutes } from './routing';
import { RestrictedRoutePolicy } from './security-policies';
import { GatewayClientPolicies, RedirectTrafficPolicy, RouteTrafficPolicy } from './traffic-policies';

/**
 * The public edge of a target: the Envoy Gateway GatewayClass and Gateway, its Envoy proxy fleet,
 * cloud load balancer and Prometheus scraping, Let's Encrypt issuers and a certificate per public
 * host, the HTTP-to-HTTPS redirect, one HTTPRoute per row of the routing table
 * (charts/edge/routing.ts) with its traffic policy, the restriction of admin paths, and the
 * client-side TLS and client-IP policies. See the README, "The public edge".
 */
export class EdgeChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target } = props;
    super(scope, id, { target, component: 'edge' });
    new EdgeGateway(this, 'gateway', { target, envoyProxyName: ENVOY_PROXY_NAME });
    new EdgeEnvoyProxy(this, 'envoy-proxy', { target, cloud: props.cloud });
    new EdgeProxyMonitoring(this, 'proxy-monitoring', { target });
    new EdgeCertificates(this, 'certificates', { target, cloud: props.cloud });
    new GatewayClientPolicies(this, 'client-policies', { target });
    new HttpsRedirectRoute(this, 'https-redirect', { target });
    new RedirectTrafficPolicy(this, 'https-redirect-policy', { target, routeName: HTTPS_REDIRECT_ROUTE });
    for (const route of edgeRoutes(target)) {
      new EdgeHttpRoute(this, route.name, { target, route });
      new RouteTrafficPolicy(this, `${route.name}-traffic`, { target, route });
      if (route.restricted) new RestrictedRoutePolicy(this, `${route.name}-security`, { target, route });
    }
  }
}
