import { defineTarget } from '../charts/config/target';
import images from '../images/doks-staging.json';

/** Staging on DigitalOcean Kubernetes, nyc3, in its own VPC (10.120.0.0/20). */
export default defineTarget({
  name: 'doks-staging',
  cloud: 'doks',
  environment: 'staging',
  cluster: { name: 'moderation-staging', region: 'nyc3' },
  domain: 'staging.moderation-do.example.com',
  owner: { team: 'trust-safety-platform', costCenter: 'cc-4120' },
  // Registry and versions in images/doks-staging.json, set by `npm run images` (docs/delivery.md).
  // The cloud estate (charts/infra), rendered for the management cluster's Crossplane: dist/doks-staging/infra/.
  infra: {
    // The management cluster's API server, where the target's cluster reads the estate's endpoints (docs/features/infra.md).
    managementCluster: { server: 'https://management.moderation.example.com' },
    kubernetesVersion: '1.33',
    network: { cidr: '10.120.0.0/20' },
    nodePools: {
      serving: { purpose: 'serving', size: 's-4vcpu-8gb', min: 2, max: 5 },
      batch: { purpose: 'batch', size: 's-2vcpu-4gb', min: 1, max: 4 },
    },
    postgres: { size: 'db-s-2vcpu-4gb', storageGiB: 60 },
    cache: { size: 'db-s-1vcpu-2gb', nodes: 1 },
    kafka: { size: 'db-s-2vcpu-2gb', brokers: 3, storageGiB: 100 },
    budget: { monthlyUsd: 2000 },
    digitalocean: {
      // VPC-native: pod and Service ranges outside the VPC's and every other network of the account.
      clusterNetwork: { podCidr: '10.121.0.0/18', serviceCidr: '10.121.64.0/20' },
    },
  },
  images,
  // Flag definitions flagd serves on this target (docs/features/flags.md): a flag change is a reviewed commit.
  flags: { file: 'flags/doks-staging.json' },
  backingServices: {
    // PostgreSQL, Redis and Kafka are the cloud estate's: their endpoints come from it (charts/infra/endpoints.ts).
    'model-registry': { host: 'models.staging.moderation-do.example.com', cidrs: ['10.120.0.0/20'] },
  },
  // Fluent Bit asks the control plane (the kubernetes Service's endpoint) for pod metadata and writes
  // to the Managed OpenSearch cluster in the VPC.
  logging: {
    apiServer: { cidrs: ['10.120.16.2/32'] },
    destination: { host: 'private-moderation-staging-logs-do-user-1234567-0.f.db.ondigitalocean.com', cidrs: ['10.120.0.0/20'] },
  },
  // DigitalOcean's own pool "moderation" (transaction mode, size 20, no fixed user) instead of a PgBouncer.
  pooler: { mode: 'digitalocean-managed', managedPool: { size: 20 } },
  // HashiCorp Vault (KV v2 at secret/), Kubernetes auth mounted for this cluster only.
  secrets: {
    provider: 'vault',
    server: 'https://vault.moderation-do.example.com:8200',
    kubernetesAuth: { mountPath: 'kubernetes/moderation-staging', role: 'moderation-staging' },
  },
  // Nightly pg_dump of PostgreSQL 17, encrypted with age, to Spaces in nyc3 with keys from the secrets
  // manager. Spaces publishes no address list: the CIDRs are a placeholder (TEST-NET-3) until set to
  // what `dig +short nyc3.digitaloceanspaces.com` returns. Replace the recipient with the target's own.
  backups: {
    postgresMajorVersion: 17,
    ageRecipient: 'age1zjnmgmt9esxq5vse3r2cdqm3m2z3wr9lkzuaavmk7z8w8e8qtcjsx0wdqr',
    objectStore: { cidrs: ['203.0.113.0/24'] },
    toolsImage: 'registry.digitalocean.com/moderation/db-backup-tools:17-1.0.0',
  },
  // k6 load tests through the public edge (docs/features/loadtests.md): the runners may reach only the
  // load balancer's public address. A placeholder (TEST-NET-2) until set to what
  // `dig +short staging.moderation-do.example.com` returns; until then a run fails to connect.
  loadtests: { edgeAddresses: ['198.51.100.20/32'] },
  // Critical pages PagerDuty, warnings go to the team's channel, infos by mail (keys in the secrets manager).
  // DigitalOcean blocks SMTP ports 25, 465 and 587 from Droplets (DOKS nodes): the relay's port 2525.
  alertRouting: {
    slack: { channel: '#trust-safety-alerts-staging' },
    email: { to: ['trust-safety-platform@example.com'], from: 'alertmanager@staging.moderation-do.example.com', smarthost: 'smtp.example.com:2525', authUsername: 'alertmanager@staging.moderation-do.example.com' },
  },
});
