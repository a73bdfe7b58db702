import { z } from 'zod';
import { imageVersion, registry } from '../config/primitives';
import type { Target } from '../config/target';

/**
 * The `flags` section of a target: which flag file flagd serves on the target, how many flagd pods
 * serve it, and flagd's image (docs/features/flags.md).
 */

/** flagd's image: the OpenFeature project's own, 0.16.1, by tag (no digest verified here: docs/features/flags.md#image). */
export const FLAGD_IMAGE = { repository: 'ghcr.io/open-feature/flagd', version: 'v0.16.1' } as const;

/** flagd pods when a target sets none: two, so one can be drained or lost while the other answers. */
export const DEFAULT_FLAGD_REPLICAS = 2;

/** The flag file of a target that names none: `flags/<target>.json`, relative to the repository. */
export const defaultFlagFile = (target: string) => `flags/${target}.json`;

/** A JSON file in the repository, by its path from the repository's root. */
const flagFile = z
  .string()
  .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._/-]+\.json$/, 'must be the path of a .json file from the repository\'s root, such as "flags/eks-staging.json" (no leading "/", no "..")');

export const flagsSchema = z
  .object({
    /**
     * The target's flag definitions, flagd's format (https://flagd.dev/schema/v0/flags.json), by
     * path from the repository's root. Synthesis validates it and fails on any mistake.
     * @default flags/<target>.json
     */
    file: flagFile.optional(),
    /** flagd pods; a PodDisruptionBudget lets one go at a time. Production runs at least 2. */
    replicas: z.number().int('must be a whole number').min(1, 'must be at least 1').default(DEFAULT_FLAGD_REPLICAS),
    /** flagd's image: a mirror, or a digest once verified. */
    image: z
      .object({ repository: registry.default(FLAGD_IMAGE.repository), version: imageVersion.default(FLAGD_IMAGE.version) })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export const flagsConfig = {
  /** Feature flags: the flag file flagd serves the services, and flagd itself. */
  flags: flagsSchema,
};

export type FlagsConfig = z.output<typeof flagsSchema>;

/** The flag file a target's flagd serves: its own setting, else `flags/<target>.json`. */
export function flagFileOf(target: { readonly name: string; readonly flags: Pick<FlagsConfig, 'file'> }): string {
  return target.flags.file ?? defaultFlagFile(target.name);
}

/** The flags settings of a resolved target. */
export function flagsSettings(target: Target): FlagsConfig & { readonly file: string } {
  return { ...target.flags, file: flagFileOf(target) };
}
