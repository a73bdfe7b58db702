import { z } from 'zod';
import { BACKING_SERVICE_DEFAULT_PORTS, BACKING_SERVICE_NAMES, SERVICE_NAMES, type BackingServiceName, type ServiceName } from '../platform/services';
import type { Environment, ServiceSizing } from './defaults';
import { edgeSchema } from './edge';
import { gitopsSchema } from './gitops';
import { verifierSchema } from './verifier';
import { cidr, dnsLabel, hostname, imageVersion, labelValue, port, quantity, registry } from './primitives';
import { secretsSchema } from './secrets';

/**
 * The typed description of one deploy target (an overlay), validated in one place. Overlays are
 * written against `TargetInput`; synthesis only ever sees the resolved `Target`, with every default
 * filled in. Structural rules live in this zod schema; rules that relate fields to each other live
 * in ./rules.ts.
 */

const resources = z.object({ cpu: quantity.optional(), memory: quantity.optional() }).strict();

/** Per-service sizing overrides on top of the environment's defaults (charts/config/defaults.ts). */
export const sizingOverride = z
  .object({
    requests: resources.optional(),
    limits: resources.optional(),
    replicas: z
      .object({
        min: z.number().int().min(1, 'must be at least 1').optional(),
        max: z.number().int().min(1, 'must be at least 1').optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type SizingOverride = z.infer<typeof sizingOverride>;

const backingService = (name: BackingServiceName) =>
  z
    .object({
      /** The managed service's DNS name, reached through an in-cluster ExternalName Service. */
      host: hostname,
      port: port.default(BACKING_SERVICE_DEFAULT_PORTS[name]),
      /** The address ranges the service's endpoints live in: the only egress allowed to it. */
      cidrs: z.array(cidr).min(1, 'must list at least one CIDR'),
    })
    .strict();

function objectOf<K extends string, S extends z.ZodType>(keys: readonly K[], schema: (key: K) => S) {
  return z.object(Object.fromEntries(keys.map((k) => [k, schema(k)])) as { [P in K]: S }).strict();
}

export const targetSchema = z
  .object({
    /** The target's name; must equal the overlay's file name. */
    name: dnsLabel,
    cloud: z.enum(['eks', 'doks']),
    environment: z.enum(['staging', 'production']),
    cluster: z.object({ name: dnsLabel, region: z.string().regex(/^[a-z0-9-]+$/, 'must be a cloud region such as "us-east-1" or "nyc3"') }).strict(),
    /** Public DNS domain of the target; every public host is under it. */
    domain: hostname,
    /** Namespace the platform runs in. */
    namespace: dnsLabel.default('moderation'),
    owner: z.object({ team: labelValue, costCenter: labelValue }).strict(),
    images: z
      .object({
        registry,
        versions: objectOf(SERVICE_NAMES, () => imageVersion),
      })
      .strict(),
    services: objectOf(SERVICE_NAMES, () => sizingOverride.optional()).prefault({}),
    backingServices: objectOf(BACKING_SERVICE_NAMES, backingService),
    network: z
      .object({
        /** Namespace of the edge proxy pods (Envoy Gateway puts them in its own namespace). */
        edgeNamespace: dnsLabel.default('envoy-gateway-system'),
        /** Namespace Prometheus scrapes from. */
        monitoringNamespace: dnsLabel.default('monitoring'),
        clusterDns: z
          .object({ namespace: dnsLabel.default('kube-system'), podLabels: z.record(z.string(), labelValue).default({ 'k8s-app': 'kube-dns' }) })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    edge: edgeSchema,
    secrets: secretsSchema,
    gitops: gitopsSchema,
    verifier: verifierSchema,
  })
  .strict();

/** What an overlay file writes. */
export type TargetInput = z.input<typeof targetSchema>;

/** A validated target with every default resolved. */
export type Target = Omit<z.output<typeof targetSchema>, 'services'> & {
  readonly environment: Environment;
  readonly services: Readonly<Record<ServiceName, ServiceSizing>>;
};

/** Typed helper for overlay files: `export default defineTarget({ ... })`. */
export function defineTarget(input: TargetInput): TargetInput {
  return input;
}
