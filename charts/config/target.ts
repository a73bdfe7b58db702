import { z } from 'zod';
import { CLOUDS } from '../cloud/profile';
import type { ServiceName } from '../platform/services';
import { FEATURES } from '../registry';
import type { Environment, ServiceSizing } from '../workloads/defaults';
import { dnsLabel, hostname, labelValue } from './primitives';

/**
 * The typed description of one deploy target (an overlay), validated in one place. Overlays are
 * written against `TargetInput`; synthesis only ever sees the resolved `Target`, with every default
 * filled in. The schema is the target's identity (below) plus the config sections of every feature
 * in charts/registry.ts; rules that relate fields to each other live with their feature.
 */

/** The fields every target has, whatever features it renders. */
const identity = {
  /** The target's name; must equal the overlay's file name. */
  name: dnsLabel,
  cloud: z.enum(CLOUDS),
  environment: z.enum(['staging', 'production']),
  cluster: z.object({ name: dnsLabel, region: z.string().regex(/^[a-z0-9-]+$/, 'must be a cloud region such as "us-east-1" or "nyc3"') }).strict(),
  /** Public DNS domain of the target; every public host is under it. */
  domain: hostname,
  /** Namespace the platform runs in. */
  namespace: dnsLabel.default('moderation'),
  owner: z.object({ team: labelValue, costCenter: labelValue }).strict(),
};

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** The config sections of every registered feature, as one zod shape. */
type FeatureShape = UnionToIntersection<NonNullable<(typeof FEATURES)[number]['config']>>;

const featureShape = Object.assign({}, ...FEATURES.map((feature) => feature.config ?? {})) as FeatureShape;

export const targetSchema = z.object({ ...identity, ...featureShape }).strict();

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
