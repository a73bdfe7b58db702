import { Construct } from 'constructs';
import {
  SecurityPolicy,
  SecurityPolicySpecAuthorizationDefaultAction,
  SecurityPolicySpecAuthorizationRulesAction,
} from '../../imports/securitypolicies-gateway.envoyproxy.io';
import type { Target } from '../config/target';
import type { EdgeRoute } from './routing';

export interface RestrictedRoutePolicyProps {
  readonly target: Target;
  /** The route of the paths to keep from the internet. */
  readonly route: EdgeRoute;
}

/**
 * Keeps a route's paths (admin and internal endpoints) from the internet: Envoy answers HTTP 403
 * unless the client address is in `edge.adminCidrs` (empty by default: nobody). The client address
 * is the one the ClientTrafficPolicy detects (PROXY protocol, or X-Forwarded-For behind a CDN).
 */
export class RestrictedRoutePolicy extends Construct {
  readonly policy: SecurityPolicy;

  constructor(scope: Construct, id: string, props: RestrictedRoutePolicyProps) {
    super(scope, id);
    const { target, route } = props;
    const admins = target.edge.adminCidrs;
    this.policy = new SecurityPolicy(this, 'policy', {
      metadata: { name: route.name, namespace: target.namespace },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: route.name }],
        authorization: {
          defaultAction: SecurityPolicySpecAuthorizationDefaultAction.DENY,
          rules: admins.length > 0 ? [{ name: 'admin-networks', action: SecurityPolicySpecAuthorizationRulesAction.ALLOW, principal: { clientCidRs: [...admins] } }] : undefined,
        },
      },
    });
  }
}
