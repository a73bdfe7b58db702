import { defineTarget } from '../charts/config/target';

/** Production on Amazon EKS, us-east-1. Managed services live in the cluster's VPC (10.20.0.0/16). */
export default defineTarget({
  name: 'eks-production',
  cloud: 'eks',
  environment: 'production',
  cluster: { name: 'moderation-prod', region: 'us-east-1' },
  domain: 'moderation.example.com',
  owner: { team: 'trust-safety-platform', costCenter: 'cc-4120' },
  images: {
    registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com/moderation',
    // Production runs images by digest (a tag can be re-pushed); the tag stays for people.
    versions: {
      'web': '2.14.0@sha256:31fc123392687850090d72258dc40292e7ea3cbc156ab1ef73eee0b893d78a2e',
      'moderation-api': '2.14.0@sha256:49851390eadbffbdf41e1e4853f7834e661f3d38554cf0f3e87d728f949fa5fe',
      'moderation-worker': '2.14.0@sha256:6561db815a5c47251743ef7552754261bfe1f74b76f10536b8463a7a5d0304a5',
      'ml-inference': '1.9.3@sha256:a0d3ff199313ba4d28204f7152e39fd538f5edcc27f1291b3806d2b12d5ba72a',
    },
  },
  services: {
    'ml-inference': { replicas: { min: 3, max: 10 } },
  },
  backingServices: {
    // RDS for PostgreSQL (Multi-AZ), in the database subnets.
    'postgres': { host: 'moderation-prod.cluster-c9x2k1ab3d4e.us-east-1.rds.amazonaws.com', cidrs: ['10.20.96.0/22'] },
    // ElastiCache for Redis (cluster mode off, TLS), primary endpoint.
    'redis': { host: 'master.moderation-prod.x1y2z3.use1.cache.amazonaws.com', cidrs: ['10.20.100.0/22'] },
    // Amazon MSK, SASL/SCRAM over TLS.
    'kafka': { brokers: ['b-1.moderationprod.a1b2c3.c4.kafka.us-east-1.amazonaws.com', 'b-2.moderationprod.a1b2c3.c4.kafka.us-east-1.amazonaws.com', 'b-3.moderationprod.a1b2c3.c4.kafka.us-east-1.amazonaws.com'], port: 9096, cidrs: ['10.20.104.0/22'] },
    // S3 through the VPC gateway endpoint: the public ranges of the com.amazonaws.us-east-1.s3 prefix list.
    'model-registry': { host: 's3.us-east-1.amazonaws.com', cidrs: ['52.216.0.0/15', '54.231.0.0/16', '3.5.0.0/19', '18.34.0.0/19'] },
  },
  // Fluent Bit asks the API server (EKS's control-plane ENIs) for pod metadata and writes to CloudWatch
  // Logs through its VPC interface endpoint, both in the cluster's private subnets.
  logging: { apiServer: { cidrs: ['10.20.0.0/18'] }, destination: { cidrs: ['10.20.0.0/18'] } },
  // PgBouncer in front of RDS (db.r6g.large: max_connections 1802); `npm run report -- connections` shows the budget.
  pooler: { database: { size: 'db.r6g.large' } },
  // Secrets Manager in us-east-1, read by ESO through IRSA with a role scoped to production/moderation/*.
  secrets: { provider: 'aws-secrets-manager', auth: 'irsa', roleArn: 'arn:aws:iam::123456789012:role/moderation-prod-external-secrets' },
  // Nightly pg_dump of PostgreSQL 17, encrypted with age, to S3 through the VPC gateway endpoint with the
  // jobs' Pod Identity roles (no key). The recipient's identity is the restore test's secret; replace
  // both with the target's own key pair (`age-keygen`), never a copy of another target's.
  backups: {
    postgresMajorVersion: 17,
    ageRecipient: 'age1t5x0upszvx0s9hc70z40zm3eeadtv9auvpdg2g7zs3jqwkrx44eqhjlrdp',
    objectStore: { bucket: 'moderation-prod-db-backups', cidrs: ['52.216.0.0/15', '54.231.0.0/16', '3.5.0.0/19', '18.34.0.0/19'] },
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
