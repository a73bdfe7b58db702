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
import { PLATFORM_SERVICES, type ServiceName } from '../platform/services';
import { HTTP_LISTENER, type EdgeRoute } from './routing';

/** Name of the port-80 route that sends every request to HTTPS. */
export const HTTPS_REDIRECT_ROUTE = 'https-redirect';

/**
 * The Service of a routed service's canary pods, `<service>-canary`, rendered with its Rollout
 * (charts/rollouts). Every route lists it beside the stable Service; Git holds all traffic on
 * stable, and the Argo Rollouts Gateway API plugin moves the weights while a canary runs.
 */
export const canaryServiceName = (service: ServiceName): string => `${service}-canary`;

/** Backend weights as Git holds them: every request to the stable Service, none to the canary. */
export const STABLE_WEIGHT = 100;
const CANARY_WEIGHT = 0;

/** A listener of the Gateway, as a route's parent. */
const parentRef = (gatewayName: string, namespace: string, sectionName: string) => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gatewayName, namespace, sectionName });

/** The matches of a route: each path, for each of its methods (or any method). */
export function routeMatches(route: EdgeRoute): HttpRouteSpecRulesMatches[] {
  return route.paths.flatMap((value) => {
    const path = { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value };
    return route.methods ? route.methods.map((method) => ({ path, method: method as HttpRouteSpecRulesMatchesMethod })) : [{ path }];
  });
}

export interface EdgeHttpRouteProps {
  /** Namespace of the route: the Gateway's, the only one its listeners accept routes from. */
  readonly namespace: string;
  /** The Gateway whose HTTPS listener the route attaches to. */
  readonly gatewayName: string;
  /** The row of the routing table: listener, paths, methods, service, caching. */
  readonly route: EdgeRoute;
  /** Longest time a request may take end to end, retries included (`edge.requestTimeoutSeconds`). */
  readonly requestTimeoutSeconds: number;
}

/**
 * One public route: an HTTPRoute attached to its host's HTTPS listener only (never to port 80),
 * sending matching requests to the service's `http` port within `requestTimeoutSeconds` (its stable
 * Service, and its canary Service while a canary runs), and setting `Cache-Control` where the edge
 * decides caching.
 */
export class EdgeHttpRoute extends Construct {
  readonly httpRoute: HttpRoute;

  constructor(scope: Construct, id: string, props: EdgeHttpRouteProps) {
    super(scope, id);
    const { route } = props;
    const port = PLATFORM_SERVICES[route.service].httpPort;
    const rule: HttpRouteSpecRules = {
      matches: routeMatches(route),
      filters: route.cacheControl
        ? [{ type: HttpRouteSpecRulesFiltersType.RESPONSE_HEADER_MODIFIER, responseHeaderModifier: { set: [{ name: 'Cache-Control', value: route.cacheControl }] } }]
        : undefined,
      backendRefs: [
        { group: '', kind: 'Service', name: route.service, port, weight: STABLE_WEIGHT },
        { group: '', kind: 'Service', name: canaryServiceName(route.service), port, weight: CANARY_WEIGHT },
      ],
      timeouts: { request: `${props.requestTimeoutSeconds}s` },
    };
    this.httpRoute = new HttpRoute(this, 'route', {
      metadata: { name: route.name, namespace: props.namespace },
      spec: { parentRefs: [parentRef(props.gatewayName, props.namespace, route.listener.name)], hostnames: [route.listener.host], rules: [rule] },
    });
  }
}

export interface HttpsRedirectRouteProps {
  /** Namespace of the route: the Gateway's. */
  readonly namespace: string;
  /** The Gateway whose plain-HTTP listener the route attaches to. */
  readonly gatewayName: string;
  /** The public hosts redirected to HTTPS. */
  readonly hosts: readonly string[];
}

/**
 * The only route on the plain-HTTP listener: a permanent (301) redirect of every public host to
 * HTTPS. cert-manager's HTTP-01 challenge routes attach to the same listener while a challenge
 * runs; their exact `/.well-known/acme-challenge/<token>` paths take precedence over this `/`.
 */
export class HttpsRedirectRoute extends Construct {
  readonly httpRoute: HttpRoute;

  constructor(scope: Construct, id: string, props: HttpsRedirectRouteProps) {
    super(scope, id);
    this.httpRoute = new HttpRoute(this, 'route', {
      metadata: { name: HTTPS_REDIRECT_ROUTE, namespace: props.namespace },
      spec: {
        parentRefs: [parentRef(props.gatewayName, props.namespace, HTTP_LISTENER)],
        hostnames: [...props.hosts],
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
