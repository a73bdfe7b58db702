import { AWS_ESTATE } from '../infra/aws/estate';
import { RDS_POSTGRES } from './managed-postgres';
import { BACKING_SERVICE_DEFAULT_PORTS } from '../platform/services';
import type { CloudProfile } from './profile';

/** Amazon MSK's SASL/IAM listener, inside the VPC. */
const MSK_IAM_PORT = 9098;

/** Seconds the NLB keeps a deregistered target before dropping it (Envoy drains for up to 60 s). */
const NLB_DEREGISTRATION_DELAY_SECONDS = 30;

/**
 * Amazon EKS: node groups span zones; the AWS Load Balancer Controller's NLB targets pod IPs;
 * EKS Pod Identity gives workloads IAM roles; nodes pull from ECR with their instance role.
 */
export const EKS: CloudProfile = {
  id: 'eks',
  title: 'Amazon EKS',
  zoneSpread: 'DoNotSchedule',
  // An internet-facing NLB that targets the Envoy pods' IPs directly (no node hop, no NodePort),
  // balancing over the pods of every zone, with the PROXY protocol header the edge requires.
  loadBalancerAnnotations: () => ({
    'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
    'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
    'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
    'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol': '*',
    'service.beta.kubernetes.io/aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true',
    // Envoy drains for up to 60 s (EnvoyProxy shutdown); stop sending new connections first.
    'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': `deregistration_delay.timeout_seconds=${NLB_DEREGISTRATION_DELAY_SECONDS}`,
  }),
  loadBalancerTargetsPods: true,
  dns01Field: 'route53',
  dns01Setup: "set { hostedZoneID, region } (and role, to assume one) of the domain's Route 53 zone",
  dns01Solver: (settings) => {
    if (!settings?.route53) return undefined;
    const { hostedZoneID, region, role } = settings.route53;
    return { route53: { hostedZoneId: hostedZoneID, region, role } };
  },
  // The EKS Pod Identity Agent: a host-network daemon on every node, at this link-local address
  // (not the instance metadata service).
  podIdentityAgent: { cidr: '169.254.170.23/32', port: 80 },
  objectStore: { title: 'Amazon S3', endpoint: (region) => `https://s3.${region}.amazonaws.com` },
  registryNeedsPullSecret: false,
  // KEDA's operator signs in to MSK with its own EKS Pod Identity role: no key anywhere. 9098 is
  // MSK's IAM listener inside the VPC.
  kafkaAuth: { kind: 'aws-msk-iam', port: MSK_IAM_PORT },
  postgres: RDS_POSTGRES,
  secretProviders: ['aws-secrets-manager', 'vault', 'doppler', 'infisical', '1password'],
  // Written with the collector's EKS Pod Identity role; a log group keeps its events only for one of
  // these periods (PutRetentionPolicy).
  logStore: {
    kind: 'cloudwatch-logs',
    title: 'Amazon CloudWatch Logs',
    endpoint: (region) => `logs.${region}.amazonaws.com`,
    port: 443,
    retentionDays: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
  },
  // EKS installs no Gateway API CRDs: the add-on layer installs the standard channel.
  providesGatewayApiCrds: false,
  // The AWS Load Balancer Controller injects a readiness gate into the edge's pods, so a rollout
  // waits until the NLB has registered a new Envoy pod before the next old one stops.
  edgeNamespaceLabels: { 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' },
  estate: AWS_ESTATE,
  // RDS and ElastiCache on their engines' defaults; MSK's IAM listener inside the VPC (the estate
  // publishes its IAM bootstrap brokers).
  estatePorts: { postgres: BACKING_SERVICE_DEFAULT_PORTS.postgres, redis: BACKING_SERVICE_DEFAULT_PORTS.redis, kafka: MSK_IAM_PORT },
};
