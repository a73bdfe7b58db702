import { defineTarget } from '../charts/config/target';
// The same images as production, by digest: promoting production promotes its standby with it.
import images from '../images/eks-production.json';

/**
 * The passive disaster-recovery standby of eks-production, in us-west-2 (where eks-production copies
 * its database backups): the same hosts, images and edge, its PostgreSQL a cross-region read replica
 * of production's, no migrations or backups, the services warm. Route 53 fails the public hosts over
 * to it when production's health checks fail; promoting its database is
 * docs/runbooks/region-failover.md. Managed services in the cluster's VPC (10.30.0.0/16).
 */
export default defineTarget({
  name: 'eks-production-dr',
  cloud: 'eks',
  environment: 'production',
  cluster: { name: 'moderation-prod-dr', region: 'us-west-2' },
  domain: 'moderation.example.com',
  owner: { team: 'trust-safety-platform', costCenter: 'cc-4120' },
  disasterRecovery: { role: 'standby', primary: 'eks-production' },
  // The cloud estate (charts/infra): production's sizes, so promotion needs no resize; node groups
  // start small and scale with the warm services.
  infra: {
    // The management cluster's API server, where this cluster reads the estate's endpoints (docs/features/infra.md).
    managementCluster: { server: 'https://management.moderation.example.com' },
    kubernetesVersion: '1.33',
    network: { cidr: '10.30.0.0/16' },
    nodePools: {
      serving: { purpose: 'serving', size: 'm7i.xlarge', min: 2, max: 12 },
      batch: { purpose: 'batch', size: 'm7i.large', min: 1, max: 10, spot: true },
    },
    // The standby's PostgreSQL is production's replica; these settings are the database it gets
    // after promotion, whose backups are then copied back to us-east-1.
    postgres: { size: 'db.r6g.large', storageGiB: 500, backupRetentionDays: 14, crossRegionBackup: { region: 'us-east-1' } },
    cache: { size: 'cache.r7g.large', nodes: 2 },
    kafka: { size: 'kafka.m7g.large', brokers: 3, storageGiB: 1000 },
    budget: { monthlyUsd: 7000 },
    aws: {
      // The cross-region read replica of production's instance, encrypted with this region's key.
      postgresReplicaOf: { sourceArn: 'arn:aws:rds:us-east-1:123456789012:db:moderation-prod-postgres' },
      // Route 53's secondary for the public hosts: this region's edge load balancer (created by the
      // AWS Load Balancer Controller: `kubectl get svc -n envoy-gateway-system`).
      failover: { loadBalancerHost: 'moderation-prod-dr-edge-3c9d1e7f2a4b6c80.elb.us-west-2.amazonaws.com' },
      // CloudFront is global: production's distribution fronts the app in both regions through the
      // failover of its origin host. Without a certificate here, this estate renders no second one.
    },
  },
  images,
  // Production's flags: the same behaviour whichever region serves.
  flags: { file: 'flags/eks-production.json' },
  // Production's overrides of the maximums; the minimums are the warm ones (disasterRecovery.warmReplicas).
  services: {
    'ml-inference': { replicas: { max: 10 } },
  },
  backingServices: {
    // PostgreSQL (production's replica), Redis and Kafka are the cloud estate's: their endpoints come from it.
    // S3 through the VPC gateway endpoint: the public ranges of the com.amazonaws.us-west-2.s3 prefix list.
    'model-registry': { host: 's3.us-west-2.amazonaws.com', cidrs: ['52.218.128.0/17', '52.92.128.0/17', '3.5.76.0/22', '18.34.48.0/20'] },
  },
  logging: { apiServer: { cidrs: ['10.30.0.0/18'] }, destination: { cidrs: ['10.30.0.0/18'] } },
  // Secrets Manager in us-west-2 (production's secrets replicated there), read by ESO with the Pod Identity role the estate creates.
  secrets: { provider: 'aws-secrets-manager', auth: 'pod-identity' },
  // Off while standing by (the primary backs up); these are the jobs after promotion, to S3 in
  // us-west-2. Production's recipient on purpose: the same data, so one identity restores both regions' dumps.
  backups: {
    postgresMajorVersion: 17,
    ageRecipient: 'age1t5x0upszvx0s9hc70z40zm3eeadtv9auvpdg2g7zs3jqwkrx44eqhjlrdp',
    objectStore: { cidrs: ['52.218.128.0/17', '52.92.128.0/17', '3.5.76.0/22', '18.34.48.0/20'] },
    toolsImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/moderation/db-backup-tools:17-1.0.0',
  },
  edge: {
    // The same hosted zone as production: certificates for the same hosts are issued here before any failover.
    certificates: { solver: 'dns01', dns01: { route53: { hostedZoneID: 'Z04517273AXJ2L0RQ1MV7', region: 'us-east-1' } } },
  },
  alertRouting: {
    slack: { channel: '#trust-safety-alerts' },
    email: { to: ['trust-safety-platform@example.com'], from: 'alertmanager@moderation.example.com', smarthost: 'smtp.example.com:587', authUsername: 'alertmanager@moderation.example.com' },
  },
});
