import { defineTarget } from '../charts/config/target';
import images from '../images/eks-production.json';

/** Production on Amazon EKS, us-east-1. Managed services live in the cluster's VPC (10.20.0.0/16). */
export default defineTarget({
  name: 'eks-production',
  cloud: 'eks',
  environment: 'production',
  cluster: { name: 'moderation-prod', region: 'us-east-1' },
  domain: 'moderation.example.com',
  owner: { team: 'trust-safety-platform', costCenter: 'cc-4120' },
  // Registry and versions in images/eks-production.json, set by `npm run images` (docs/delivery.md); production
  // runs images by digest (a tag can be re-pushed), the tag stays for people.
  // The cloud estate (charts/infra), rendered for the management cluster's Crossplane: dist/eks-production/infra/.
  infra: {
    // The management cluster's API server, where the target's cluster reads the estate's endpoints (docs/features/infra.md).
    managementCluster: { server: 'https://management.moderation.example.com' },
    kubernetesVersion: '1.33',
    network: { cidr: '10.20.0.0/16' },
    nodePools: {
      serving: { purpose: 'serving', size: 'm7i.xlarge', min: 3, max: 12 },
      batch: { purpose: 'batch', size: 'm7i.large', min: 2, max: 10, spot: true },
    },
    postgres: { size: 'db.r6g.large', storageGiB: 500, backupRetentionDays: 14, crossRegionBackup: { region: 'us-west-2' } },
    cache: { size: 'cache.r7g.large', nodes: 2 },
    kafka: { size: 'kafka.m7g.large', brokers: 3, storageGiB: 1000 },
    budget: { monthlyUsd: 18000 },
    aws: {
      // CloudFront serves the app's host with this ACM certificate (us-east-1; ACM is outside the estate).
      // Its Distribution is rendered once cdn.webAclArn names the estate's web ACL (docs/features/infra-aws.md#edge).
      cdn: { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/4f6c2a9e-1b7d-4c3e-9a5f-2d8e6b1c0a7f' },
      // Route 53's primary for the public hosts (eks-production-dr is the secondary): this region's edge
      // load balancer (created by the AWS Load Balancer Controller: `kubectl get svc -n envoy-gateway-system`).
      failover: { loadBalancerHost: 'moderation-prod-edge-7a1f4c2e9b3d5a61.elb.us-east-1.amazonaws.com' },
    },
  },
  images,
  // Flag definitions flagd serves on this target (docs/features/flags.md): a flag change is a reviewed commit.
  flags: { file: 'flags/eks-production.json' },
  services: {
    'ml-inference': { replicas: { min: 3, max: 10 } },
  },
  backingServices: {
    // PostgreSQL, Redis and Kafka are the cloud estate's: their endpoints come from it (charts/infra/endpoints.ts).
    // S3 through the VPC gateway endpoint: the public ranges of the com.amazonaws.us-east-1.s3 prefix list.
    'model-registry': { host: 's3.us-east-1.amazonaws.com', cidrs: ['52.216.0.0/15', '54.231.0.0/16', '3.5.0.0/19', '18.34.0.0/19'] },
  },
  // Fluent Bit asks the API server (EKS's control-plane ENIs) for pod metadata and writes to CloudWatch
  // Logs through its VPC interface endpoint, both in the cluster's private subnets.
  logging: { apiServer: { cidrs: ['10.20.0.0/18'] }, destination: { cidrs: ['10.20.0.0/18'] } },
  // Secrets Manager in us-east-1, read by ESO with its EKS Pod Identity role, which the estate creates
  // (scoped to production/moderation/*): no role ARN typed here.
  secrets: { provider: 'aws-secrets-manager', auth: 'pod-identity' },
  // Nightly pg_dump of PostgreSQL 17, encrypted with age, to S3 through the VPC gateway endpoint with the
  // jobs' Pod Identity roles (no key). The recipient's identity is the restore test's secret; replace
  // both with the target's own key pair (`age-keygen`), never a copy of another target's.
  backups: {
    postgresMajorVersion: 17,
    ageRecipient: 'age1t5x0upszvx0s9hc70z40zm3eeadtv9auvpdg2g7zs3jqwkrx44eqhjlrdp',
    objectStore: { cidrs: ['52.216.0.0/15', '54.231.0.0/16', '3.5.0.0/19', '18.34.0.0/19'] },
    toolsImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/moderation/db-backup-tools:17-1.0.0',
  },
  edge: {
    // DNS-01 through the domain's Route 53 zone (cert-manager's IRSA role may change records there):
    // certificates are issued before DNS points at a new cluster's NLB, so a cluster rebuild or
    // blue/green switch never serves a listener without its certificate.
    certificates: { solver: 'dns01', dns01: { route53: { hostedZoneID: 'Z04517273AXJ2L0RQ1MV7', region: 'us-east-1' } } },
  },
  // Critical pages PagerDuty, warnings go to the team's channel, infos by mail (keys in the secrets manager).
  alertRouting: {
    slack: { channel: '#trust-safety-alerts' },
    email: { to: ['trust-safety-platform@example.com'], from: 'alertmanager@moderation.example.com', smarthost: 'smtp.example.com:587', authUsername: 'alertmanager@moderation.example.com' },
  },
});
