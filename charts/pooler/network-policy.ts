import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { namespaceNamed, tcp } from '../network/network-policies-chart';

export interface PoolerNetworkPolicyProps {
  readonly name: string;
  readonly namespace: string;
  /** Labels of the pooler's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** Labels of the pods of each service that connects through the pooler. */
  readonly clients: readonly Readonly<Record<string, string>>[];
  /** The named container port clients connect to. */
  readonly port: string;
  /** The named container port Prometheus scrapes, and the namespace it scrapes from. */
  readonly metrics: { readonly port: string; readonly namespace: string };
  /** The database: its address ranges and port, the pooler's only destination (DNS is allowed namespace-wide). */
  readonly database: { readonly cidrs: readonly string[]; readonly port: number };
}

/**
 * The pooler's edges, on top of the namespace's default deny: the services that use the database
 * connect to it, Prometheus scrapes its exporter, and it connects to the database and nothing else.
 */
export class PoolerNetworkPolicy extends Construct {
  readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: PoolerNetworkPolicyProps) {
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
        egress: [{ to: props.database.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(props.database.port)] }],
      },
    });
  }
}
