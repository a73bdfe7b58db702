import { DO_ESTATE } from '../infra/digitalocean/estate';
import { DIGITALOCEAN_POSTGRES } from './managed-postgres';
import type { CloudProfile } from './profile';

/** The DigitalOcean DNS API token cert-manager's DNS-01 solver reads, synced by its ExternalSecret. */
export const DIGITALOCEAN_DNS_TOKEN = { name: 'digitalocean-dns-token', key: 'access-token' } as const;

/**
 * Load balancer health-check timing: a node whose last Envoy pod is draining is marked down within
 * 3 s x 2 checks, well inside Envoy's 15 s minimum drain, and comes back after 2 good checks.
 */
const LB_HEALTH_CHECK = { intervalSeconds: 3, timeoutSeconds: 3, unhealthyThreshold: 2, healthyThreshold: 2 } as const;
/** DigitalOcean load balancer size units: production gets twice the connection capacity. */
const LB_SIZE_UNITS = { production: 2, staging: 1 } as const;

/**
 * DigitalOcean Kubernetes: a cluster may have a single zone; the cloud controller's regional TCP
 * load balancer targets nodes through NodePorts; there is no workload identity, so registry and
 * object-store access use tokens from the secrets manager.
 */
export const DOKS: CloudProfile = {
  id: 'doks',
  title: 'DigitalOcean Kubernetes',
  zoneSpread: 'ScheduleAnyway',
  // The health check's port, path and protocol are the controller's (kube-proxy's health endpoint
  // for externalTrafficPolicy Local; DigitalOcean advises against overriding them); its timing is ours.
  loadBalancerAnnotations: ({ targetName, production, primaryHost }) => ({
    'service.beta.kubernetes.io/do-loadbalancer-name': `${targetName}-edge`,
    'service.beta.kubernetes.io/do-loadbalancer-protocol': 'tcp',
    'service.beta.kubernetes.io/do-loadbalancer-size-unit': String(production ? LB_SIZE_UNITS.production : LB_SIZE_UNITS.staging),
    'service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol': 'true',
    'service.beta.kubernetes.io/do-loadbalancer-healthcheck-check-interval-seconds': String(LB_HEALTH_CHECK.intervalSeconds),
    'service.beta.kubernetes.io/do-loadbalancer-healthcheck-response-timeout-seconds': String(LB_HEALTH_CHECK.timeoutSeconds),
    'service.beta.kubernetes.io/do-loadbalancer-healthcheck-unhealthy-threshold': String(LB_HEALTH_CHECK.unhealthyThreshold),
    'service.beta.kubernetes.io/do-loadbalancer-healthcheck-healthy-threshold': String(LB_HEALTH_CHECK.healthyThreshold),
    // Publish a hostname rather than the IP: otherwise kube-proxy short-circuits in-cluster
    // connections to the load balancer's IP, they arrive without the PROXY header and are
    // refused, and cert-manager's HTTP-01 self-check never passes.
    'service.beta.kubernetes.io/do-loadbalancer-hostname': primaryHost,
  }),
  loadBalancerTargetsPods: false,
  dns01Field: 'digitalocean',
  dns01Setup:
    `set digitalocean: {} (the token is read from Secret "${DIGITALOCEAN_DNS_TOKEN.name}", key "${DIGITALOCEAN_DNS_TOKEN.key}", ` +
    'in the cert-manager namespace, synced by its ExternalSecret: fill that remote value first)',
  dns01Solver: (settings) => (settings?.digitalocean ? { digitalocean: { tokenSecretRef: { ...DIGITALOCEAN_DNS_TOKEN } } } : undefined),
  objectStore: { title: 'DigitalOcean Spaces', endpoint: (region) => `https://${region}.digitaloceanspaces.com` },
  registryNeedsPullSecret: true,
  // DigitalOcean Managed Kafka authenticates clients with SASL/SCRAM-SHA-256 over TLS.
  kafkaAuth: { kind: 'scram', mechanism: 'scram_sha256' },
  postgres: DIGITALOCEAN_POSTGRES,
  // AWS Secrets Manager would need static access keys here: only providers with their own tokens.
  secretProviders: ['vault', 'doppler', 'infisical', '1password'],
  // DigitalOcean's managed databases serve on 25060; the cluster's host and CA are the target's.
  logStore: { kind: 'opensearch', title: 'DigitalOcean Managed OpenSearch', port: 25060 },
  // DigitalOcean installs and upgrades the Gateway API CRDs for its Cilium implementation (1.33+,
  // VPC-native clusters); its docs ask not to install another copy over them.
  providesGatewayApiCrds: true,
  edgeNamespaceLabels: {},
  estate: DO_ESTATE,
  // DigitalOcean's managed databases listen on their own ports: PostgreSQL 25060, Valkey 25061, Kafka (SASL) 25073.
  estatePorts: { postgres: 25060, redis: 25061, kafka: 25073 },
};
