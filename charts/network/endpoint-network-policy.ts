import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { namespaceNamed, tcp } from './network-policies-chart';

export interface EndpointNetworkPolicyProps {
  readonly name: string;
  readonly namespace: string;
  /** Labels of the endpoint's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** Labels of the pods of each service that connects to it. */
  readonly clients: readonly Readonly<Record<string, string>>[];
  /** The named container port clients connect to. */
  readonly port: string;
  /** The named container port Prometheus scrapes, and the namespace it scrapes from. */
  readonly metrics: { readonly port: string; readonly namespace: string };
  /**
   * Where its pods may connect, besides DNS (allowed namespace-wide): address ranges and a port.
   * @default nowhere
   */
  readonly egress?: { readonly cidrs: readonly string[]; readonly port: number };
}

/**
 * The edges of an endpoint the platform runs in front of its services (a connection pooler, a flag
 * service), on top of the namespace's default deny: the services that use it connect on its port,
 * Prometheus scrapes its metrics port, and it connects to its own destination or to nothing.
 */
export class EndpointNetworkPolicy extends Construct {
  readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: EndpointNetworkPolicyProps) {
    super(scope, id);
    this.policy = new k8s.KubeNetworkPolicy(this, 'policy', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        podSelector: { matchLabels: { ...props.selector } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: props.clients.map((labels) => ({ podSelector: { matchLabels: { ...labels } } })), ports: [tcp(props.port)] },
          { from: [{ namespaceSelector: namespaceNamed(props.metrics.namespace) }], ports: [tcp(props.metrics.port)] },
        ],
        egress: props.egress ? [{ to: props.egress.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(props.egress.port)] }] : [],
      },
    });
  }
}
