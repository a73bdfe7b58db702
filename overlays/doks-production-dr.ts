import { defineTarget } from '../charts/config/target';
// The same images as production, by digest: promoting production promotes its standby with it.
import images from '../images/doks-production.json';

/**
 * The passive disaster-recovery standby of doks-production, in sfo3 (where doks-production keeps its
 * database replica): the same hosts, images and edge, its PostgreSQL the read-only replica of
 * production's (in this cluster's VPC), no migrations or backups, the services warm. Promoting it
 * is docs/runbooks/region-failover.md: promote the replica, remove `disasterRecovery`, switch DNS.
 */
export default defineTarget({
  name: 'doks-production-dr',
  cloud: 'doks',
  environment: 'production',
  cluster: { name: 'moderation-prod-dr', region: 'sfo3' },
  domain: 'moderation-do.example.com',
  owner: { team: 'trust-safety-platform', costCenter: 'cc-4120' },
  disasterRecovery: { role: 'standby', primary: 'doks-production' },
  // The cloud estate (charts/infra): production's sizes, so promotion needs no resize; node pools
  // start small and scale with the warm services.
  infra: {
    // The management cluster's API server, where this cluster reads the estate's endpoints (docs/features/infra.md).
    managementCluster: { server: 'https://management.moderation.example.com' },
    kubernetesVersion: '1.33',
    network: { cidr: '10.120.0.0/20' },
    nodePools: {
      serving: { purpose: 'serving', size: 's-8vcpu-16gb', min: 2, max: 10 },
      batch: { purpose: 'batch', size: 's-4vcpu-8gb', min: 1, max: 8 },
    },
    // The standby's PostgreSQL is production's replica; these settings are the database it gets
    // after promotion, whose backups are then copied back to nyc3.
    postgres: { size: 'gd-4vcpu-16gb', storageGiB: 500, backupRetentionDays: 14, crossRegionBackup: { region: 'nyc3' } },
    cache: { size: 'db-s-2vcpu-4gb', nodes: 2 },
    kafka: { size: 'gd-2vcpu-8gb', brokers: 3, storageGiB: 300 },
    budget: { monthlyUsd: 4000 },
    digitalocean: {
      // VPC-native, outside the VPC's and every other network of the account (doks-production's too).
      clusterNetwork: { podCidr: '10.121.0.0/18', serviceCidr: '10.121.64.0/20' },
      // The public hosts' records to this region's load balancer, rendered only once promoted (a standby
      // renders none). Placeholder (TEST-NET-3) until set to its external address.
      dns: { loadBalancerIp: '203.0.113.20' },
    },
  },
  images,
  // Production's flags: the same behaviour whichever region serves.
  flags: { file: 'flags/doks-production.json' },
  backingServices: {
    // PostgreSQL (production's replica), Redis and Kafka are the cloud estate's: their endpoints come from it.
    'model-registry': { host: 'models.moderation-do.example.com', cidrs: ['10.120.0.0/20'] },
  },
  logging: {
    apiServer: { cidrs: ['10.120.16.2/32'] },
    destination: { host: 'private-moderation-prod-dr-logs-do-user-1234567-0.f.db.ondigitalocean.com', cidrs: ['10.120.0.0/20'] },
  },
  // The same Vault, Kubernetes auth mounted for this cluster.
  secrets: {
    provider: 'vault',
    server: 'https://vault.moderation-do.example.com:8200',
    kubernetesAuth: { mountPath: 'kubernetes/moderation-prod-dr', role: 'moderation-production' },
  },
  // Off while standing by (the primary backs up); these are the jobs after promotion, to Spaces in
  // sfo3. The CIDRs are a placeholder (TEST-NET-3) until set to `dig +short sfo3.digitaloceanspaces.com`.
  // Production's recipient on purpose: the same data, so one identity restores the dumps of both regions.
  backups: {
    postgresMajorVersion: 17,
    ageRecipient: 'age1d6cwn6hzum8cltfhkchxl94pcncwjtw60t9qllwz9dthhug7vg7sp79g88',
    objectStore: { cidrs: ['203.0.113.0/24'] },
    toolsImage: 'registry.digitalocean.com/moderation/db-backup-tools:17-1.0.0',
  },
  alertRouting: {
    slack: { channel: '#trust-safety-alerts' },
    email: { to: ['trust-safety-platform@example.com'], from: 'alertmanager@moderation-do.example.com', smarthost: 'smtp.example.com:2525', authUsername: 'alertmanager@moderation-do.example.com' },
  },
});
