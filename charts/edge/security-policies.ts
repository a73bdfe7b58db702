import { Construct } from 'constructs';
import {
  SecurityPolicy,
  SecurityPolicySpecAuthorizationDefaultAction,
  SecurityPolicySpecAuthorizationRulesAction,
} from '../../imports/securitypolicies-gateway.envoyproxy.io';

export interface RestrictedRoutePolicyProps {
  /** Namespace of the policy: its route's. */
  readonly namespace: string;
  /** The HTTPRoute whose paths are kept from the internet. */
  readonly routeName: string;
  /** Client ranges still allowed through (`edge.adminCidrs`). @default none: everyone gets HTTP 403 */
  readonly adminCidrs?: readonly string[];
}

/**
 * Keeps a route's paths (admin and internal endpoints) from the internet: Envoy answers HTTP 403
 * unless the client address is in `adminCidrs` (empty by default: nobody). The client address is
 * the one the ClientTrafficPolicy detects (PROXY protocol, or X-Forwarded-For behind a CDN).
 */
export class RestrictedRoutePolicy extends Construct {
  readonly policy: SecurityPolicy;

  constructor(scope: Construct, id: string, props: RestrictedRoutePolicyProps) {
    super(scope, id);
    const { routeName } = props;
    const admins = props.adminCidrs ?? [];
    this.policy = new SecurityPolicy(this, 'policy', {
      metadata: { name: routeName, namespace: props.namespace },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: routeName }],
        authorization: {
          defaultAction: SecurityPolicySpecAuthorizationDefaultAction.DENY,
          rules: admins.length > 0 ? [{ name: 'admin-networks', action: SecurityPolicySpecAuthorizationRulesAction.ALLOW, principal: { clientCidRs: [...admins] } }] : undefined,
        },
      },
    });
  }
}
