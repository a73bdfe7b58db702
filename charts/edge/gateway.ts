import { Construct } from 'constructs';
import { Gateway, GatewaySpecListenersAllowedRoutesNamespacesFrom, GatewaySpecListenersTlsMode } from '../../imports/gateways-gateway.networking.k8s.io';
import { GatewayClass } from '../../imports/gatewayclasses-gateway.networking.k8s.io';
import { HTTP_LISTENER, type PublicListener } from './routing';

/** The Envoy Gateway controller, as named in a GatewayClass. */
export const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';
export const GATEWAY_CLASS_NAME = 'envoy-gateway';

/** Port of the plain-HTTP listener: the redirect to HTTPS and HTTP-01 challenges. */
const HTTP_PORT = 80;
/** Port of the HTTPS listeners. */
const HTTPS_PORT = 443;

export interface EdgeGatewayProps {
  /** Name of the Gateway: routes, policies and the proxy fleet refer to it. */
  readonly gatewayName: string;
  /** Namespace of the Gateway; routes attach only from this namespace. */
  readonly namespace: string;
  /** Name of the EnvoyProxy (in the Gateway's namespace) that shapes this Gateway's proxies and load balancer. */
  readonly envoyProxyName: string;
  /** The public hosts: one HTTPS listener each, serving its certificate's Secret. */
  readonly listeners: readonly PublicListener[];
}

/**
 * The public Gateway: a plain-HTTP listener on port 80, which only ever carries the redirect to
 * HTTPS (and cert-manager's HTTP-01 challenge routes), and one HTTPS listener on 443 per public host,
 * terminating TLS with the certificate cert-manager keeps in that host's Secret. Routes attach only
 * from the Gateway's own namespace.
 */
export class EdgeGateway extends Construct {
  readonly gatewayClass: GatewayClass;
  readonly gateway: Gateway;

  constructor(scope: Construct, id: string, props: EdgeGatewayProps) {
    super(scope, id);
    const sameNamespace = { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME }, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }] };

    this.gatewayClass = new GatewayClass(this, 'class', {
      metadata: { name: GATEWAY_CLASS_NAME },
      spec: { controllerName: ENVOY_GATEWAY_CONTROLLER, description: 'Envoy Gateway: the public edge of the moderation platform' },
    });

    this.gateway = new Gateway(this, 'gateway', {
      metadata: { name: props.gatewayName, namespace: props.namespace },
      spec: {
        gatewayClassName: GATEWAY_CLASS_NAME,
        infrastructure: { parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: props.envoyProxyName } },
        listeners: [
          { name: HTTP_LISTENER, protocol: 'HTTP', port: HTTP_PORT, allowedRoutes: sameNamespace },
          ...props.listeners.map((listener) => ({
            name: listener.name,
            protocol: 'HTTPS',
            port: HTTPS_PORT,
            hostname: listener.host,
            tls: { mode: GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ group: '', kind: 'Secret', name: listener.secretName }] },
            allowedRoutes: sameNamespace,
          })),
        ],
      },
    });
  }
}
