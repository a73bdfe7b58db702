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
  EnvoyProxySpecTelemetryAccessLogSettingsFormatType,
  EnvoyProxySpecTelemetryAccessLogSettingsSinksType,
} from '../../imports/envoyproxies-gateway.envoyproxy.io';

/** Name of the EnvoyProxy that shapes the Gateway's proxies, and of the PodMonitor that scrapes them. */
export const ENVOY_PROXY_NAME = 'edge-proxy';

/** Worker threads per Envoy: matches the CPU limit, so workers are never throttled. */
const ENVOY_CONCURRENCY = 2;

/**
 * Envoy's shutdown drain: at least 15 s, so the load balancer's health checks mark the pod down
 * before it stops accepting connections, and at most 60 s for open connections to finish (the
 * clouds' load balancer settings in charts/cloud/ are tuned to these).
 */
const ENVOY_DRAIN = { timeout: '60s', minDuration: '15s' } as const;

/** CPU and memory of each Envoy: the CPU limit is one core per worker thread (`ENVOY_CONCURRENCY`). */
const ENVOY_RESOURCES = {
  requests: { cpu: '250m', memory: '256Mi' },
  limits: { cpu: String(ENVOY_CONCURRENCY), memory: '1Gi' },
} as const;

/** Target CPU utilisation of requests for the proxy autoscaler: 40 % headroom absorbs a burst while new proxies start. */
const ENVOY_HPA_CPU_UTILIZATION = 60;

/** Never below desired capacity during a rollout: surge a quarter more pods, then retire old ones. */
const ROLLING_UPDATE = { maxSurge: '25%', maxUnavailable: 0 } as const;

/** Proxies a voluntary disruption (a node drain) may take down at once. */
const PDB_MAX_UNAVAILABLE = 1;

/** Largest difference in proxy count between two zones, or two nodes. */
const MAX_SKEW = 1;

/**
 * The access log: one JSON line per request on stdout, in the services' log contract (time, level,
 * service, message, trace_id; docs/features/logging.md) plus what an investigation asks of a request.
 * The path is logged without its query string (tokens travel there); the client IP is the one the
 * ClientTrafficPolicy detects. A rate-limited request has `response_flags` `RL` and
 * `response_code_details` `local_rate_limited`; an admin path refused by its SecurityPolicy has
 * status 403 and `response_code_details` starting `rbac_access_denied`.
 */
export const ACCESS_LOG_FORMAT: Readonly<Record<string, string>> = {
  time: '%START_TIME%',
  level: 'info',
  service: ENVOY_PROXY_NAME,
  message: '%REQ(:METHOD)% %PATH(NQ:ORIG_OR_PATH)% %RESPONSE_CODE%',
  trace_id: '%TRACE_ID%',
  request_id: '%REQ(X-REQUEST-ID)%',
  http_method: '%REQ(:METHOD)%',
  http_host: '%REQ(:AUTHORITY)%',
  http_path: '%PATH(NQ:ORIG_OR_PATH)%',
  http_status: '%RESPONSE_CODE%',
  duration_ms: '%DURATION%',
  client_ip: '%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%',
  user_agent: '%REQ(USER-AGENT)%',
  response_flags: '%RESPONSE_FLAGS%',
  response_code_details: '%RESPONSE_CODE_DETAILS%',
  route: '%ROUTE_NAME%',
  upstream_host: '%UPSTREAM_HOST%',
  bytes_received: '%BYTES_RECEIVED%',
  bytes_sent: '%BYTES_SENT%',
};

/** The labels Envoy Gateway puts on the proxy pods of one Gateway, whatever else the pods carry. */
function owningGatewayLabels(gatewayName: string, gatewayNamespace: string): Record<string, string> {
  return { 'gateway.envoyproxy.io/owning-gateway-name': gatewayName, 'gateway.envoyproxy.io/owning-gateway-namespace': gatewayNamespace };
}

/**
 * Labels Envoy Gateway puts on the proxy pods it runs for a Gateway (in the edge namespace): the
 * ones NetworkPolicies and the PodMonitor select on.
 */
export function envoyProxyPodLabels(gatewayName: string, gatewayNamespace: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'envoy',
    'app.kubernetes.io/component': 'proxy',
    'app.kubernetes.io/managed-by': 'envoy-gateway',
    ...owningGatewayLabels(gatewayName, gatewayNamespace),
  };
}

export interface EdgeEnvoyProxyProps {
  /** Name of the EnvoyProxy, which the Gateway's `infrastructure.parametersRef` names. */
  readonly name: string;
  /** Namespace of the EnvoyProxy and its Gateway. */
  readonly namespace: string;
  /** The Gateway whose proxies these are: spread constraints select its pods. */
  readonly gatewayName: string;
  /** Bounds of the proxy autoscaler (`edge.proxy.replicas`). */
  readonly replicas: { readonly min: number; readonly max: number };
  /** Annotations of the `LoadBalancer` Service: the cloud's load balancer settings. */
  readonly loadBalancerAnnotations: Readonly<Record<string, string>>;
  /**
   * Whether the load balancer targets pod IPs directly, so no NodePort is allocated.
   * @default false (the load balancer targets nodes, through NodePorts)
   */
  readonly loadBalancerTargetsPods?: boolean;
  /** Source ranges allowed to reach the load balancer. @default anywhere */
  readonly loadBalancerSourceRanges?: readonly string[];
  /**
   * How strictly proxies are spread over zones: `DoNotSchedule` where nodes span zones,
   * `ScheduleAnyway` where a cluster may have a single zone. @default 'DoNotSchedule'
   */
  readonly zoneSpread?: 'DoNotSchedule' | 'ScheduleAnyway';
}

/**
 * The Envoy proxy fleet and load balancer of the Gateway (referenced by the Gateway's
 * `infrastructure.parametersRef`, so each target carries its own): the cloud's load balancer
 * annotations, an autoscaled Deployment of at least `replicas.min` hardened pods spread over zones
 * and nodes, a PodDisruptionBudget, and a drain long enough for the load balancer to stop sending
 * connections before Envoy exits.
 */
export class EdgeEnvoyProxy extends Construct {
  readonly envoyProxy: EnvoyProxy;

  constructor(scope: Construct, id: string, props: EdgeEnvoyProxyProps) {
    super(scope, id);
    const selector = { matchLabels: owningGatewayLabels(props.gatewayName, props.namespace) };
    const sourceRanges = props.loadBalancerSourceRanges ?? [];

    this.envoyProxy = new EnvoyProxy(this, 'envoy-proxy', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        concurrency: ENVOY_CONCURRENCY,
        shutdown: { drainTimeout: ENVOY_DRAIN.timeout, minDrainDuration: ENVOY_DRAIN.minDuration },
        // JSON on stdout, where the node's log collector reads it (charts/logging).
        telemetry: {
          accessLog: {
            settings: [
              {
                format: { type: EnvoyProxySpecTelemetryAccessLogSettingsFormatType.JSON, json: { ...ACCESS_LOG_FORMAT } },
                sinks: [{ type: EnvoyProxySpecTelemetryAccessLogSettingsSinksType.FILE, file: { path: '/dev/stdout' } }],
              },
            ],
          },
        },
        provider: {
          type: EnvoyProxySpecProviderType.KUBERNETES,
          kubernetes: {
            envoyService: {
              type: EnvoyProxySpecProviderKubernetesEnvoyServiceType.LOAD_BALANCER,
              // NLB IP targets bypass nodes; on DOKS, Local keeps the node hop out and drains nodes cleanly.
              externalTrafficPolicy: EnvoyProxySpecProviderKubernetesEnvoyServiceExternalTrafficPolicy.LOCAL,
              annotations: { ...props.loadBalancerAnnotations },
              // A load balancer that targets pod IPs (the NLB) needs no NodePort open on the nodes.
              // DigitalOcean's load balancer targets nodes, through NodePorts.
              allocateLoadBalancerNodePorts: props.loadBalancerTargetsPods ? false : undefined,
              loadBalancerSourceRanges: sourceRanges.length > 0 ? [...sourceRanges] : undefined,
            },
            envoyDeployment: {
              strategy: {
                type: 'RollingUpdate',
                rollingUpdate: { maxSurge: MaxSurge.fromString(ROLLING_UPDATE.maxSurge), maxUnavailable: MaxUnavailable.fromNumber(ROLLING_UPDATE.maxUnavailable) },
              },
              pod: {
                securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
                topologySpreadConstraints: [
                  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: props.zoneSpread ?? 'DoNotSchedule', maxSkew: MAX_SKEW, labelSelector: selector },
                  { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: MAX_SKEW, labelSelector: selector },
                ],
              },
              container: {
                resources: {
                  requests: { cpu: Request.fromString(ENVOY_RESOURCES.requests.cpu), memory: Request.fromString(ENVOY_RESOURCES.requests.memory) },
                  limits: { cpu: Limit.fromString(ENVOY_RESOURCES.limits.cpu), memory: Limit.fromString(ENVOY_RESOURCES.limits.memory) },
                },
                securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
              },
            },
            envoyHpa: {
              minReplicas: props.replicas.min,
              maxReplicas: props.replicas.max,
              metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: ENVOY_HPA_CPU_UTILIZATION } } }],
            },
            envoyPdb: { maxUnavailable: EnvoyProxySpecProviderKubernetesEnvoyPdbMaxUnavailable.fromNumber(PDB_MAX_UNAVAILABLE) },
          },
        },
      },
    });
  }
}
