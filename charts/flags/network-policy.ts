import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { namespaceNamed, tcp } from '../network/network-policies-chart';

export interface FlagdNetworkPolicyProps {
  readonly name: string;
  readonly namespace: string;
  /** Labels of flagd's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** Labels of the pods of each service that evaluates flags. */
  readonly clients: readonly Readonly<Record<string, string>>[];
  /** The named container port the services evaluate flags on. */
  readonly port: string;
  /** The named container port Prometheus scrapes, and the namespace it scrapes from. */
  readonly metrics: { readonly port: string; readonly namespace: string };
}

/**
 * flagd's edges, on top of the namespace's default deny: the services evaluate flags on its
 * evaluation port, Prometheus scrapes its management port, and it connects to nothing (it reads its
 * flags from a mounted file; DNS stays allowed namespace-wide, unused).
 */
export class FlagdNetworkPolicy extends Construct {
  readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: FlagdNetworkPolicyProps) {
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
        egress: [],
      },
    });
  }
}
