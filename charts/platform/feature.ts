import type { Construct } from 'constructs';
import type { z } from 'zod';
import type { CloudProfile } from '../cloud';
import type { Rule } from '../config/rules';
import type { Target } from '../config/target';
import type { Contributions } from './contributions';
import type { PlatformChart } from './platform-chart';

/** What every feature chart is built from: the resolved target and its cloud's profile. */
export interface FeatureChartProps {
  readonly target: Target;
  readonly cloud: CloudProfile;
}

/** What a feature's chart builder gets: the target, its cloud, what features provide each other, and the charts built before it. */
export interface FeatureContext extends FeatureChartProps {
  /** What every feature provides (./contributions.ts), merged. */
  readonly contributions: Contributions;
  /** Charts of the features listed before this one, in apply order. */
  readonly charts: readonly PlatformChart[];
}

/**
 * One feature of the platform (workloads, network, edge, secrets, ...): the top-level sections of
 * a target's config it owns (zod schemas, merged into the target schema), the rules that relate its
 * fields to others, and the charts it adds to every target. Features are listed once, in apply
 * order, in charts/registry.ts; adding one is a folder with an `index.ts` and a line there.
 */
export interface Feature<Shape extends z.ZodRawShape = z.ZodRawShape> {
  /** Short id, the feature's folder name. */
  readonly id: string;
  /** Config sections: top-level target fields and their schemas. @default none */
  readonly config?: Shape;
  /** Cross-field rules, run on the raw overlay beside the schema. @default none */
  readonly rules?: readonly Rule[];
  /**
   * What the feature hands to other features (credentials to sync, services it scales, endpoints
   * services reach through it), computed before any chart is built. @default nothing
   */
  readonly provides?: (props: FeatureChartProps) => Partial<Contributions>;
  /** Adds the feature's charts to a target's app. @default none */
  readonly charts?: (scope: Construct, context: FeatureContext) => readonly PlatformChart[];
}
