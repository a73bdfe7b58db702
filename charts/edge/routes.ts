import { Construct } from 'constructs';
import {
  HttpRoute,
  HttpRouteSpecRulesFiltersRequestRedirectScheme,
  HttpRouteSpecRulesFiltersRequestRedirectStatusCode,
  HttpRouteSpecRulesFiltersType,
  HttpRouteSpecRulesMatchesMethod,
  HttpRouteSpecRulesMatchesPathType,
  type HttpRouteSpecRules,
  type HttpRouteSpecRulesMatches,
} from '../../imports/httproutes-gateway.networking.k8s.io';
import type { Target } from '../config/target';
import { PLATFORM_SERVICES } from '../platform/services';
import { GATEWAY_NAME, HTTP_LISTENER, publicListeners, type EdgeRoute } from './routing';

/** Name of the port-80 route that sends every request to HTTPS. */
export const HTTPS_REDIRECT_ROUTE = 'https-redirect';

const parentRef = (target: Target, sectionName: string) => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: GATEWAY_NAME, namespace: target.namespace, sectionName });

/** The matches of a route: each path, for each of its methods (or any method). */
export function routeMatches(route: EdgeRoute): HttpRouteSpecRulesMatches[] {
  return route.paths.flatMap((value) => {
    const path = { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value };
    return route.methods ? route.methods.map((method) => ({ path, method: method as HttpRouteSpecRulesMatchesMethod })) : [{ path }];
  });
}

export interface EdgeHttpRouteProps {
  readonly target: Target;
  readonly route: EdgeRoute;
}

/**
 * One public route: an HTTPRoute attached to its host's HTTPS listener only (never to port 80),
 * sending matching requests to the service's `http` port within the target's request timeout, and
 * setting `Cache-Control` where the edge decides caching.
 */
export class EdgeHttpRoute extends Construct {
  readonly httpRoute: HttpRoute;

  constructor(scope: Construct, id: string, props: EdgeHttpRouteProps) {
    super(scope, id);
    const { target, route } = props;
    const rule: HttpRouteSpecRules = {
      matches: routeMatches(route),
      filters: route.cacheControl
        ? [{ type: HttpRouteSpecRulesFiltersType.RESPONSE_HEADER_MODIFIER, responseHeaderModifier: { set: [{ name: 'Cache-Control', value: route.cacheControl }] } }]
        : undefined,
      backendRefs: [{ group: '', kind: 'Service', name: route.service, port: PLATFORM_SERVICES[route.service].httpPort }],
      timeouts: { request: `${target.edge.requestTimeoutSeconds}s` },
    };
    this.httpRoute = new HttpRoute(this, 'route', {
      metadata: { name: route.name, namespace: target.namespace },
      spec: { parentRefs: [parentRef(target, route.listener.name)], hostnames: [route.listener.host], rules: [rule] },
    });
  }
}

/**
 * The only route on the plain-HTTP listener: a permanent (301) redirect of every public host to
 * HTTPS. cert-manager's HTTP-01 challenge routes attach to the same listener while a challenge
 * runs; their exact `/.well-known/acme-challenge/<token>` paths take precedence over this `/`.
 */
export class HttpsRedirectRoute extends Construct {
  readonly httpRoute: HttpRoute;

  constructor(scope: Construct, id: string, props: { readonly target: Target }) {
    super(scope, id);
    const { target } = props;
    this.httpRoute = new HttpRoute(this, 'route', {
      metadata: { name: HTTPS_REDIRECT_ROUTE, namespace: target.namespace },
      spec: {
        parentRefs: [parentRef(target, HTTP_LISTENER)],
        hostnames: publicListeners(target).map((l) => l.host),
        rules: [
          {
            matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' } }],
            filters: [
              {
                type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
                // Set explicitly: the Gateway API default is 302.
                requestRedirect: { scheme: HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS, statusCode: HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301 },
              },
            ],
          },
        ],
      },
    });
  }
}
