import { z } from 'zod';
import type { Cloud } from '../cloud/profile';
import rawPrices from './prices.json';

/**
 * The price data of `npm run cost` (prices.json): public list prices per cloud and region, each
 * section with the page it was read from (`source`) and the day (`retrieved`). Loaded and validated
 * here, once; everything else in charts/cost reads the validated value.
 */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as "2026-11-30"');
const amount = z.number().min(0, 'must be 0 or more');

/** A price per hour of use or per month. */
const price = z.union([z.object({ hourly: amount }).strict(), z.object({ monthly: amount }).strict()]);
export type Price = z.infer<typeof price>;

/** Where a section's prices come from. */
const provenance = {
  /** The URL of the price page. */
  source: z.string().min(1),
  /** The day the prices were read from it. */
  retrieved: day,
  /** A price that could not be confirmed on the page on that day. @default false */
  estimated: z.boolean().default(false),
  note: z.string().optional(),
};

/** A pod's CPU (cores) and memory (GiB). */
const resources = z.object({ cpu: amount, memoryGiB: amount }).strict();
export type Resources = z.infer<typeof resources>;

const namedPods = z.object({ ...provenance, source: z.string().min(1), retrieved: day.optional(), pods: z.array(resources.extend({ name: z.string() }).strict()) }).strict();

const nodeSize = z
  .object({
    vcpu: z.number().positive(),
    memoryGiB: z.number().positive(),
    /** Pods a node of this size admits (EKS: its ENI limit); feeds a per-pod reservation formula. */
    maxPods: z.number().int().positive().optional(),
    price,
    /** Spot (reclaimable) price, where the cloud has spot capacity. */
    spot: price.optional(),
    /** The price under a commitment (savings plan, reserved instance), where the cloud offers one. */
    commitment: price.optional(),
    /** What the provider keeps of each node for the system, where it documents it per size. */
    reserved: resources.optional(),
  })
  .strict();

const commitmentSection = { commitmentSource: z.string().optional(), commitmentTerm: z.string().optional() };

const sized = z.object({ price, commitment: price.optional(), includedStorageGiB: amount.default(0) }).strict();

const region = z
  .object({
    nodes: z.object({ ...provenance, ...commitmentSection, spotSource: z.string().optional(), reservedSource: z.string().optional(), reservedNote: z.string().optional(), sizes: z.record(z.string(), nodeSize) }).strict(),
    controlPlane: z.object({ ...provenance, base: price, /** The control plane's high-availability option, taken in production. */ highAvailability: price.optional() }).strict(),
    /** Per load balancer (or per size unit, when `sizeUnitAnnotation` names the Service annotation that sets the units). */
    loadBalancer: z.object({ ...provenance, price, sizeUnitAnnotation: z.string().optional() }).strict(),
    /** NAT gateways, where the cloud's private nodes need them: one per zone in production, one in staging. */
    natGateway: z.object({ ...provenance, price, zones: z.number().int().positive() }).strict().optional(),
    postgres: z
      .object({
        ...provenance,
        ...commitmentSection,
        sizes: z.record(z.string(), sized),
        /** A standby (high availability) costs what the primary does. */
        standby: z.literal('same-as-primary'),
        storagePerGiBMonth: amount,
        /** Whether the standby's storage is billed too (RDS Multi-AZ: yes). */
        standbyStorage: z.boolean(),
        /** Backup copies kept in a second region, per GiB-month. */
        backupCopyPerGiBMonth: amount,
      })
      .strict(),
    cache: z.object({ ...provenance, ...commitmentSection, sizes: z.record(z.string(), sized) }).strict(),
    kafka: z.object({ ...provenance, ...commitmentSection, sizes: z.record(z.string(), sized), storagePerGiBMonth: amount }).strict(),
    objectStorage: z.object({ ...provenance, base: price, includedGiB: amount, perGiBMonth: amount }).strict(),
    /** The estate's fixed charges that do not depend on traffic (a WAF, keys, a registry plan). */
    fixed: z.object({ ...provenance, items: z.array(z.object({ name: z.string(), price, note: z.string().optional(), estimated: z.boolean().default(false) }).strict()) }).strict(),
  })
  .strict();
export type RegionPrices = z.infer<typeof region>;

/** How much of a node the provider keeps for the kubelet and the system. */
const reserved = z.discriminatedUnion('kind', [
  z
    .object({
      /** Memory from the pods a node admits, CPU in tiers of cores (the EKS AMI's kube-reserved). */
      kind: z.literal('per-pod-formula'),
      source: z.string(),
      memoryMiBPerPod: amount,
      memoryMiBBase: amount,
      evictionMiB: amount,
      /** Shares of each tier of cores, in order; the last tier without `cores` takes the rest. */
      cpuTiers: z.array(z.object({ cores: z.number().positive().optional(), share: amount }).strict()).min(1),
    })
    .strict(),
  /** Documented per node size (`nodes.sizes[*].reserved`). */
  z.object({ kind: z.literal('per-size'), source: z.string() }).strict(),
]);
export type ReservedRule = z.infer<typeof reserved>;

const cloud = z
  .object({
    currency: z.literal('USD'),
    /** Hours billed in a month: 730 on AWS; DigitalOcean caps a month at 672. */
    hoursPerMonth: z.number().positive(),
    /** Whether the cloud sells commitment discounts (savings plans, reserved instances). */
    commitmentAvailable: z.boolean(),
    commitmentNote: z.string().optional(),
    reserved,
    /** The cloud's and the add-ons' DaemonSets on every node that synthesis does not render. */
    addonDaemonSets: namedPods,
    regions: z.record(z.string(), region),
  })
  .strict();
export type CloudPrices = z.infer<typeof cloud>;

export const priceDataSchema = z
  .object({
    $comment: z.string().optional(),
    /** Prices older than this many days are reported as stale. */
    staleAfterDays: z.number().int().positive(),
    clouds: z.record(z.string(), cloud),
    /** Pods of the cluster add-ons (not rendered by synthesis), counted on the serving pool. */
    addonControllers: namedPods,
  })
  .strict();
export type PriceData = z.infer<typeof priceDataSchema>;

/** The price data file is malformed: every problem, with its path. */
export class PriceDataError extends Error {
  constructor(problems: readonly string[]) {
    super(`charts/cost/prices.json is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PriceDataError';
  }
}

/** Validates price data (the file's, or a test's). */
export function parsePriceData(input: unknown): PriceData {
  const result = priceDataSchema.safeParse(input);
  if (!result.success) throw new PriceDataError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  return result.data;
}

let loaded: PriceData | undefined;

/** The validated prices.json, parsed once. */
export function priceData(): PriceData {
  loaded ??= parsePriceData(rawPrices);
  return loaded;
}

/** A price as a monthly amount. */
export function monthly(p: Price, hoursPerMonth: number): number {
  return 'monthly' in p ? p.monthly : p.hourly * hoursPerMonth;
}

/** A target's cloud and region lack price data. */
export class MissingPriceError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`no price in charts/cost/prices.json for ${missing.join(', ')}`);
    this.name = 'MissingPriceError';
  }
}

/** The prices of a cloud and region; throws MissingPriceError when the file has none. */
export function regionPrices(data: PriceData, cloudId: Cloud, regionName: string): { cloud: CloudPrices; region: RegionPrices } {
  const cloudPrices = data.clouds[cloudId];
  if (!cloudPrices) throw new MissingPriceError([`cloud "${cloudId}"`]);
  const regionData = cloudPrices.regions[regionName];
  if (!regionData) throw new MissingPriceError([`region "${regionName}" of ${cloudId} (it has ${Object.keys(cloudPrices.regions).join(', ')})`]);
  return { cloud: cloudPrices, region: regionData };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** How old the prices of a region are: the oldest `retrieved` date of its sections, in whole days before `now`. */
export function priceAge(region: RegionPrices, now: Date): { oldest: string; days: number } {
  const dates = Object.values(region).map((section) => section.retrieved);
  const oldest = dates.sort()[0];
  return { oldest, days: Math.floor((now.getTime() - Date.parse(`${oldest}T00:00:00Z`)) / DAY_MS) };
}
