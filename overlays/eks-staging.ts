import { defineTarget } from '../charts/config/target';
import images from '../images/eks-staging.json';

/** Staging on Amazon EKS, us-east-1, in its own VPC (10.30.0.0/16). */
export default defineTarget({
  name: 'eks-staging',
  cloud: 'eks',
  environment: 'staging',
  cluster: { name: 'moderation-staging', region: 'us-east-1' },
  domain: 'staging.moderation.example.com',
  owner: { team: 'trust-safety-platform', costCenter: 'cc-4120' },
  // Registry and versions in images/eks-staging.json, set by `npm run images` (docs/delivery.md).
  // The cloud estate (charts/infra), rendered for the management cluster's Crossplane: dist/eks-staging/infra/.
  infra: {
    // The management cluster's API server, where the target's cluster reads the estate's endpoints (docs/features/infra.md).
    managementCluster: { server: 'https://management.moderation.example.com' },
    kubernetesVersion: '1.33',
    network: { cidr: '10.30.0.0/16' },
    nodePools: {
      serving: { purpose: 'serving', size: 'm7i.large', min: 2, max: 6 },
      batch: { purpose: 'batch', size: 'm7i.large', min: 1, max: 4, spot: true },
    },
    postgres: { size: 'db.t4g.medium', storageGiB: 50 },
    cache: { size: 'cache.t4g.small', nodes: 2 },
    kafka: { size: 'kafka.t3.small', brokers: 3, storageGiB: 100 },
    budget: { monthlyUsd: 4000 },
    aws: {
      // CloudFront serves the app's host with this ACM certificate (us-east-1; ACM is outside the estate).
      // Its Distribution is rendered once cdn.webAclArn names the estate's web ACL (docs/features/infra-aws.md#edge).
      cdn: { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/9b2e7d41-6a3c-4f8e-b1d5-0c7a2e9f4b63' },
    },
  },
  images,
  // Flag definitions flagd serves on this target (docs/features/flags.md): a flag change is a reviewed commit.
  flags: { file: 'flags/eks-staging.json' },
  backingServices: {
    // PostgreSQL, Redis and Kafka are the cloud estate's: their endpoints come from it (charts/infra/endpoints.ts).
    'model-registry': { host: 's3.us-east-1.amazonaws.com', cidrs: ['52.216.0.0/15', '54.231.0.0/16', '3.5.0.0/19', '18.34.0.0/19'] },
  },
  // Fluent Bit asks the API server (EKS's control-plane ENIs) for pod metadata and writes to CloudWatch
  // Logs through its VPC interface endpoint, both in the cluster's private subnets.
  logging: { apiServer: { cidrs: ['10.30.0.0/18'] }, destination: { cidrs: ['10.30.0.0/18'] } },
  // Secrets Manager in us-east-1, read by ESO with its EKS Pod Identity role, which the estate creates
  // (scoped to staging/moderation/*): no role ARN typed here.
  secrets: { provider: 'aws-secrets-manager', auth: 'pod-identity' },
  // Nightly pg_dump of PostgreSQL 17, encrypted with age, to S3 through the VPC gateway endpoint with the
  // jobs' Pod Identity roles (no key). The recipient's identity is the restore test's secret; replace
  // both with the target's own key pair (`age-keygen`), never a copy of another target's.
  backups: {
    postgresMajorVersion: 17,
    ageRecipient: 'age1wm67sd7qc9xrcrzrgplv4xkaanxvl2urdsyr0sj55kzfa3xvha9qkxcnw6',
    objectStore: { cidrs: ['52.216.0.0/15', '54.231.0.0/16', '3.5.0.0/19', '18.34.0.0/19'] },
    toolsImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/moderation/db-backup-tools:17-1.0.0',
  },
  // k6 load tests through the public edge (docs/features/loadtests.md): the runners may reach only the
  // NLB's public addresses, one per zone. Placeholders (TEST-NET-2) until set to what
  // `dig +short staging.moderation.example.com` returns; until then a run fails to connect.
  loadtests: { edgeAddresses: ['198.51.100.10/32', '198.51.100.11/32', '198.51.100.12/32'] },
  // Critical pages PagerDuty, warnings go to the team's channel, infos by mail (keys in the secrets manager).
  alertRouting: {
    slack: { channel: '#trust-safety-alerts-staging' },
    email: { to: ['trust-safety-platform@example.com'], from: 'alertmanager@staging.moderation.example.com', smarthost: 'smtp.example.com:587', authUsername: 'alertmanager@staging.moderation.example.com' },
  },
});
