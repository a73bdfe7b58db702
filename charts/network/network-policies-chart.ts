import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { Target } from '../config/target';
import { HTTP01_SOLVER_LABEL, HTTP01_SOLVER_PORT } from '../edge/certificates';
import { envoyProxyPodLabels } from '../edge/envoy-proxy';
import { GATEWAY_NAME } from '../edge/routing';
import { estateEndpoints, isEstateService } from '../infra/endpoints';
import { selectorLabels } from '../platform/labels';
import type { Contributions, ServiceEndpoint } from '../platform/contributions';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';
import { callersOf, PLATFORM_SERVICES, SERVICE_NAMES, usesCloudIdentity, type PlatformService } from '../platform/services';

/** Selects a namespace by name, through the label Kubernetes puts on every namespace. */
export function namespaceNamed(name: string): k8s.LabelSelector {
  return { matchLabels: { 'kubernetes.io/metadata.name': name } };
}

/** Port of the cluster DNS, over UDP and over TCP (for answers too large for a datagram). */
const DNS_PORT = 53;

/** A TCP port of a NetworkPolicy rule, by number or container port name. */
export const tcp = (port: number | string): k8s.NetworkPolicyPort => ({
  protocol: 'TCP',
  port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port),
});

/** Whether the edge proxy routes internet traffic to the service on this target. */
export function isPublic(service: PlatformService, target: Target): boolean {
  return service.exposure === 'public' || (service.exposure === 'public-api' && target.edge.publicApi);
}

/** Egress to an endpoint: its pods, or its address ranges outside the cluster, on its port. */
export function egressTo(endpoint: ServiceEndpoint): k8s.NetworkPolicyEgressRule {
  const to = 'cidrs' in endpoint ? endpoint.cidrs.map((cidr) => ({ ipBlock: { cidr } })) : [{ podSelector: { matchLabels: { ...endpoint.podLabels } } }];
  return { to, ports: [tcp(endpoint.port)] };
}

/**
 * The Envoy proxy pods of this target's Gateway: pods with Envoy Gateway's proxy labels for this
 * Gateway, in the edge namespace. Other pods of that namespace (the controller, other Gateways'
 * proxies) are not edge peers.
 */
export function edgeProxyPeer(target: Target): k8s.NetworkPolicyPeer {
  return { namespaceSelector: namespaceNamed(target.network.edgeNamespace), podSelector: { matchLabels: envoyProxyPodLabels(GATEWAY_NAME, target.namespace) } };
}

/**
 * Network isolation of the platform's namespace: everything is denied in both directions, then
 * each workload gets one policy that allows exactly its edges:
 * - ingress from the services that call it, from the Gateway's Envoy proxy pods where it is public,
 *   and from the monitoring namespace to its metrics port only;
 * - egress to the services it calls and, by CIDR and port, to the managed services it uses (the
 *   cloud estate's address ranges and the cloud's ports; the overlay's model registry) or the
 *   endpoint a feature puts in front of one, to the endpoints features run for it (a flag service),
 *   and on EKS to the Pod Identity Agent where it calls cloud APIs with its own identity.
 * DNS to the cluster DNS is allowed for every pod. cert-manager's HTTP-01 solver pods, which it
 * starts in this namespace during a challenge, are reachable from the Envoy proxies on their port
 * and may send nothing.
 */
export interface NetworkPoliciesChartProps extends FeatureChartProps {
  /**
   * Endpoints in front of managed services (a pooler), which services reach instead, and endpoints
   * features run that services call (a flag service). @default none
   */
  readonly contributions?: Partial<Pick<Contributions, 'endpoints' | 'egress'>>;
}

export class NetworkPoliciesChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: NetworkPoliciesChartProps) {
    const { target } = props;
    super(scope, id, { target, component: 'network-policy' });
    const endpoints = props.contributions?.endpoints ?? {};
    const contributedEgress = props.contributions?.egress ?? {};
    const namespace = target.namespace;
    const { network } = target;
    // Where the cloud hands pods their identity (EKS Pod Identity Agent), workloads that use one reach it.
    const agent = props.cloud.podIdentityAgent;
    // Where the estate's managed services live (their hosts are read at run time; their ranges are the estate's).
    const estate = estateEndpoints(target, props.cloud);

    new k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: { name: 'default-deny-all', namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    new k8s.KubeNetworkPolicy(this, 'dns', {
      metadata: { name: 'allow-cluster-dns', namespace },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: namespaceNamed(network.clusterDns.namespace), podSelector: { matchLabels: { ...network.clusterDns.podLabels } } }],
            ports: [
              { protocol: 'UDP', port: k8s.IntOrString.fromNumber(DNS_PORT) },
              { protocol: 'TCP', port: k8s.IntOrString.fromNumber(DNS_PORT) },
            ],
          },
        ],
      },
    });

    new k8s.KubeNetworkPolicy(this, 'acme-http01-solver', {
      metadata: { name: 'acme-http01-solver', namespace },
      spec: {
        podSelector: { matchLabels: { ...HTTP01_SOLVER_LABEL } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [edgeProxyPeer(target)], ports: [tcp(HTTP01_SOLVER_PORT)] }],
        egress: [],
      },
    });

    for (const name of SERVICE_NAMES) {
      const service = PLATFORM_SERVICES[name];
      const ingress: k8s.NetworkPolicyIngressRule[] = [];
      const callers = callersOf(name);
      if (callers.length > 0) {
        ingress.push({
          from: callers.map((caller) => ({ podSelector: { matchLabels: selectorLabels(caller, target) } })),
          ports: [tcp('http')],
        });
      }
      if (isPublic(service, target)) {
        ingress.push({ from: [edgeProxyPeer(target)], ports: [tcp('http')] });
      }
      ingress.push({ from: [{ namespaceSelector: namespaceNamed(network.monitoringNamespace) }], ports: [tcp(service.metrics.port)] });

      const egress: k8s.NetworkPolicyEgressRule[] = [
        ...service.calls.map((callee) => ({
          to: [{ podSelector: { matchLabels: selectorLabels(callee, target) } }],
          ports: [tcp(PLATFORM_SERVICES[callee].httpPort)],
        })),
        ...service.uses.map((used): k8s.NetworkPolicyEgressRule => {
          // Through an endpoint a feature provides (a pooler: its pods, or the provider's address ranges), else straight to the managed service.
          const via = used === 'kafka' ? undefined : endpoints[used];
          if (via) return egressTo(via);
          // Straight to the managed service: the estate's address ranges and the cloud's port, or the overlay's model registry.
          const direct = isEstateService(used) ? { cidrs: estate[used].cidrs, port: props.cloud.estatePorts[used] } : target.backingServices[used];
          return { to: direct.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(direct.port)] };
        }),
        ...(contributedEgress[name] ?? []).map(egressTo),
        ...(usesCloudIdentity(service, props.cloud) && agent ? [{ to: [{ ipBlock: { cidr: agent.cidr } }], ports: [tcp(agent.port)] }] : []),
      ];

      new k8s.KubeNetworkPolicy(this, name, {
        metadata: { name, namespace },
        spec: {
          podSelector: { matchLabels: selectorLabels(name, target) },
          policyTypes: ['Ingress', 'Egress'],
          ingress,
          egress,
        },
      });
    }
  }
}
