import { Construct } from 'constructs';
import {
  EnvoyProxy,
  EnvoyProxySpecProviderKubernetesEnvoyDeploymentContainerResourcesLimits as Limit,
  EnvoyProxySpecProviderKubernetesEnvoyDeploymentContainerResourcesRequests as Request,
  EnvoyProxySpecProviderKubernetesEnvoyDeploymentStrategyRollingUpdateMaxSurge as MaxSurge,
  EnvoyProxySpecProviderKubernetesEnvoyDeploymentStrategyRollingUpdateMaxUnavailable as MaxUnavailable,
  EnvoyProxySpecProviderKubernetesEnvoyPdbMaxUnavailable,
  EnvoyProxySpecProviderKubernetesEnvoyServiceExternalTrafficPolicy,
  EnvoyProxySpecProviderKubernetesEnvoyServiceType,
  EnvoyProxySpecProviderType,
} from '../../imports/envoyproxies-gateway.envoyproxy.io';
import type { CloudProfile } from '../cloud';
import type { Target } from '../config/target';
import { publicHosts } from './schema';
import { GATEWAY_NAME } from './routing';

export const ENVOY_PROXY_NAME = 'edge-proxy';

/** Worker threads per Envoy: matches the CPU limit, so workers are never throttled. */
const ENVOY_CONCURRENCY = 2;

/**
 * Labels Envoy Gateway puts on the proxy pods it runs for this target's Gateway (in the edge
 * namespace): the ones NetworkPolicies and spread constraints select on.
 */
export function envoyProxyPodLabels(target: Target): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'envoy',
    'app.kubernetes.io/component': 'proxy',
    'app.kubernetes.io/managed-by': 'envoy-gateway',
    'gateway.envoyproxy.io/owning-gateway-name': GATEWAY_NAME,
    'gateway.envoyproxy.io/owning-gateway-namespace': target.namespace,
  };
}

export interface EdgeEnvoyProxyProps {
  readonly target: Target;
  /** The target's cloud: load balancer annotations and zone spread. */
  readonly cloud: CloudProfile;
}

/**
 * The Envoy proxy fleet and load balancer of the Gateway (referenced by the Gateway's
 * `infrastructure.parametersRef`, so each target carries its own): the cloud's load balancer
 * annotations, an autoscaled Deployment of at least `edge.proxy.replicas.min` hardened pods spread
 * over zones and nodes, a PodDisruptionBudget, and a drain long enough for the load balancer to
 * stop sending connections before Envoy exits.
 */
export class EdgeEnvoyProxy extends Construct {
  readonly envoyProxy: EnvoyProxy;

  constructor(scope: Construct, id: string, props: EdgeEnvoyProxyProps) {
    super(scope, id);
    const { target, cloud } = props;
    const { min, max } = target.edge.proxy.replicas;
    const selector = { matchLabels: { 'gateway.envoyproxy.io/owning-gateway-name': GATEWAY_NAME, 'gateway.envoyproxy.io/owning-gateway-namespace': target.namespace } };
    const zoneSpread = cloud.zoneSpread;

    this.envoyProxy = new EnvoyProxy(this, 'envoy-proxy', {
      metadata: { name: ENVOY_PROXY_NAME, namespace: target.namespace },
      spec: {
        concurrency: ENVOY_CONCURRENCY,
        shutdown: { drainTimeout: '60s', minDrainDuration: '15s' },
        provider: {
          type: EnvoyProxySpecProviderType.KUBERNETES,
          kubernetes: {
            envoyService: {
              type: EnvoyProxySpecProviderKubernetesEnvoyServiceType.LOAD_BALANCER,
              // NLB IP targets bypass nodes; on DOKS, Local keeps the node hop out and drains nodes cleanly.
              externalTrafficPolicy: EnvoyProxySpecProviderKubernetesEnvoyServiceExternalTrafficPolicy.LOCAL,
              annotations: cloud.loadBalancerAnnotations({ targetName: target.name, production: target.environment === 'production', primaryHost: publicHosts(target).app }),
              // The NLB targets pod IPs: no NodePort needs to be open on the nodes. DigitalOcean's
              // load balancer targets nodes, through NodePorts.
              allocateLoadBalancerNodePorts: cloud.loadBalancerTargetsPods ? false : undefined,
              loadBalancerSourceRanges: target.edge.loadBalancer.sourceRanges.length > 0 ? [...target.edge.loadBalancer.sourceRanges] : undefined,
            },
            envoyDeployment: {
              strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: MaxSurge.fromString('25%'), maxUnavailable: MaxUnavailable.fromNumber(0) } },
              pod: {
                securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
                topologySpreadConstraints: [
                  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: zoneSpread, maxSkew: 1, labelSelector: selector },
                  { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 1, labelSelector: selector },
                ],
              },
              container: {
                resources: {
                  requests: { cpu: Request.fromString('250m'), memory: Request.fromString('256Mi') },
                  limits: { cpu: Limit.fromString(String(ENVOY_CONCURRENCY)), memory: Limit.fromString('1Gi') },
                },
                securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
              },
            },
            envoyHpa: {
              minReplicas: min,
              maxReplicas: max,
              metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
            },
            envoyPdb: { maxUnavailable: EnvoyProxySpecProviderKubernetesEnvoyPdbMaxUnavailable.fromNumber(1) },
          },
        },
      },
    });
  }
}
