import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { IdentityAgent } from '../cloud';
import { namespaceNamed } from '../network/network-policies-chart';

/** Port of the cluster DNS, over UDP and over TCP. */
const DNS_PORT = 53;

/** Addresses and a port a pod may reach outside the cluster's pods. */
export interface AddressedEndpoint {
  readonly cidrs: readonly string[];
  readonly port: number;
}

export interface CollectorNetworkPoliciesProps {
  readonly namespace: string;
  /** Labels of the collector's pods. */
  readonly podSelector: Readonly<Record<string, string>>;
  /** The cluster DNS pods (`network.clusterDns`). */
  readonly clusterDns: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
  /** Namespace Prometheus scrapes from (`network.monitoringNamespace`). */
  readonly monitoringNamespace: string;
  /** The Kubernetes API server's endpoints, for pod metadata. */
  readonly apiServer: AddressedEndpoint;
  /** The log store. */
  readonly destination: AddressedEndpoint;
  /** The agent handing the pod its cloud identity, where the store is written with one (EKS Pod Identity). @default none */
  readonly identityAgent?: IdentityAgent;
}

const tcp = (port: number | string): k8s.NetworkPolicyPort => ({
  protocol: 'TCP',
  port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port),
});
const toAddresses = ({ cidrs, port }: AddressedEndpoint): k8s.NetworkPolicyEgressRule => ({ to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(port)] });

/**
 * Isolation of the logging namespace: everything denied both ways, then the collector may resolve
 * names, ask the API server for metadata and write to the log store (and, on EKS, get its
 * credentials from the Pod Identity Agent); only the monitoring namespace reaches it, on its two
 * metrics ports. The instance metadata service and the internet stay out of reach.
 */
export class CollectorNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: CollectorNetworkPoliciesProps) {
    super(scope, id);
    const { namespace } = props;

    new k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: { name: 'default-deny-all', namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    new k8s.KubeNetworkPolicy(this, 'collector', {
      metadata: { name: 'fluent-bit', namespace },
      spec: {
        podSelector: { matchLabels: { ...props.podSelector } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ namespaceSelector: namespaceNamed(props.monitoringNamespace) }], ports: [tcp('http'), tcp('metrics')] }],
        egress: [
          {
            to: [{ namespaceSelector: namespaceNamed(props.clusterDns.namespace), podSelector: { matchLabels: { ...props.clusterDns.podLabels } } }],
            ports: [
              { protocol: 'UDP', port: k8s.IntOrString.fromNumber(DNS_PORT) },
              { protocol: 'TCP', port: k8s.IntOrString.fromNumber(DNS_PORT) },
            ],
          },
          toAddresses(props.apiServer),
          toAddresses(props.destination),
          ...(props.identityAgent ? [toAddresses({ cidrs: [props.identityAgent.cidr], port: props.identityAgent.port })] : []),
        ],
      },
    });
  }
}
