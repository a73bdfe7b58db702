import { defineTarget } from '../charts/config/target';

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
  images: {
    registry: 'registry.digitalocean.com/moderation',
    versions: { 'web': '2.14.0', 'moderation-api': '2.14.0', 'moderation-worker': '2.14.0', 'ml-inference': '1.9.3' },
  },
  backingServices: {
    'postgres': { host: 'private-moderation-prod-pg-do-user-1234567-0.b.db.ondigitalocean.com', port: 25060, cidrs: ['10.110.0.0/20'] },
    'redis': { host: 'private-moderation-prod-valkey-do-user-1234567-0.b.db.ondigitalocean.com', port: 25061, cidrs: ['10.110.0.0/20'] },
    'kafka': { host: 'private-moderation-prod-kafka-do-user-1234567-0.b.db.ondigitalocean.com', port: 25073, cidrs: ['10.110.0.0/20'] },
    // The model registry (an S3-compatible store) runs on droplets in the same VPC.
    'model-registry': { host: 'models.moderation-do.example.com', cidrs: ['10.110.0.0/20'] },
  },
  // HashiCorp Vault (KV v2 at secret/), Kubernetes auth mounted for this cluster only.
  secrets: {
    provider: 'vault',
    server: 'https://vault.moderation-do.example.com:8200',
    kubernetesAuth: { mountPath: 'kubernetes/moderation-prod', role: 'moderation-production' },
  },
});
