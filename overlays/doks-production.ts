import { defineTarget } from '../charts/config/target';
import images from '../images/doks-production.json';

/**
 * Production on DigitalOcean Kubernetes, nyc3. Managed databases are attached to the cluster's VPC
 * (10.110.0.0/20) and reached on their private hosts; DigitalOcean's managed services listen on
 * 25060 (PostgreSQL), 25061 (Redis-compatible Valkey) and 25073 (Kafka, SASL over TLS).
 */
export default defineTarget({
  name: 'doks-production',
  cloud: 'doks',
  environment: 'production',
  cluster: { name: 'moderation-prod', region: 'nyc3' },
  domain: 'moderation-do.example.com',
  owner: { team: 'trust-safety-platform', costCenter: 'cc-4120' },
  // Registry and versions in images/doks-production.json, set by `npm run images` (docs/delivery.md); production
  // runs images by digest (a tag can be re-pushed), the tag stays for people.
  // The cloud estate (charts/infra), rendered for the management cluster's Crossplane: dist/doks-production/infra/.
  infra: {
    // The management cluster's API server, where the target's cluster reads the estate's endpoints (docs/features/infra.md).
    managementCluster: { server: 'https://management.moderation.example.com' },
    kubernetesVersion: '1.33',
    network: { cidr: '10.110.0.0/20' },
    nodePools: {
      serving: { purpose: 'serving', size: 's-8vcpu-16gb', min: 3, max: 10 },
      batch: { purpose: 'batch', size: 's-4vcpu-8gb', min: 2, max: 8 },
    },
    postgres: { size: 'gd-4vcpu-16gb', storageGiB: 500, backupRetentionDays: 14, crossRegionBackup: { region: 'sfo3' } },
    cache: { size: 'db-s-2vcpu-4gb', nodes: 2 },
    kafka: { size: 'gd-2vcpu-8gb', brokers: 3, storageGiB: 300 },
    budget: { monthlyUsd: 9000 },
    digitalocean: {
      // VPC-native: pod and Service ranges outside the VPC's and every other network of the account.
      clusterNetwork: { podCidr: '10.111.0.0/18', serviceCidr: '10.111.64.0/20' },
      // The account's one registry (images.registry's): this target owns it; staging pulls from it too.
      registry: { subscriptionTier: 'professional' },
      // The public hosts' A records (TTL 60 s) to this region's edge load balancer, while this target serves;
      // doks-production-dr takes them over when promoted (docs/runbooks/region-failover.md). Placeholder
      // (TEST-NET-3) until set to `kubectl get svc -n envoy-gateway-system`'s external address.
      dns: { loadBalancerIp: '203.0.113.10' },
    },
  },
  images,
  // Flag definitions flagd serves on this target (docs/features/flags.md): a flag change is a reviewed commit.
  flags: { file: 'flags/doks-production.json' },
  backingServices: {
    // PostgreSQL, Redis and Kafka are the cloud estate's: their endpoints come from it (charts/infra/endpoints.ts).
    // The model registry (an S3-compatible store) runs on droplets in the same VPC.
    'model-registry': { host: 'models.moderation-do.example.com', cidrs: ['10.110.0.0/20'] },
  },
  // Fluent Bit asks the control plane (the kubernetes Service's endpoint) for pod metadata and writes
  // to the Managed OpenSearch cluster in the VPC.
  logging: {
    apiServer: { cidrs: ['10.110.16.2/32'] },
    destination: { host: 'private-moderation-prod-logs-do-user-1234567-0.f.db.ondigitalocean.com', cidrs: ['10.110.0.0/20'] },
  },
  // HashiCorp Vault (KV v2 at secret/), Kubernetes auth mounted for this cluster only.
  secrets: {
    provider: 'vault',
    server: 'https://vault.moderation-do.example.com:8200',
    kubernetesAuth: { mountPath: 'kubernetes/moderation-prod', role: 'moderation-production' },
  },
  // Nightly pg_dump of PostgreSQL 17, encrypted with age, to Spaces in nyc3 with keys from the secrets
  // manager. Spaces publishes no address list: the CIDRs are a placeholder (TEST-NET-3) until set to
  // what `dig +short nyc3.digitaloceanspaces.com` returns. Replace the recipient with the target's own.
  backups: {
    postgresMajorVersion: 17,
    ageRecipient: 'age1d6cwn6hzum8cltfhkchxl94pcncwjtw60t9qllwz9dthhug7vg7sp79g88',
    objectStore: { cidrs: ['203.0.113.0/24'] },
    toolsImage: 'registry.digitalocean.com/moderation/db-backup-tools:17-1.0.0',
  },
  // Critical pages PagerDuty, warnings go to the team's channel, infos by mail (keys in the secrets manager).
  // DigitalOcean blocks SMTP ports 25, 465 and 587 from Droplets (DOKS nodes): the relay's port 2525.
  alertRouting: {
    slack: { channel: '#trust-safety-alerts' },
    email: { to: ['trust-safety-platform@example.com'], from: 'alertmanager@moderation-do.example.com', smarthost: 'smtp.example.com:2525', authUsername: 'alertmanager@moderation-do.example.com' },
  },
});
