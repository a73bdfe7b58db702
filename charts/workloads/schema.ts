import { z } from 'zod';
import { imageVersion, objectOf, quantity, registry } from '../config/primitives';
import { SERVICE_NAMES } from '../platform/services';

/**
 * Config sections of the workloads feature: which image each service runs (`images`) and how big it
 * runs on the target (`services`, overrides of the environment's defaults in ./defaults.ts).
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

export const workloadsConfig = {
  images: z
    .object({
      registry,
      /** Per service: a tag, a digest, or `tag@digest`. Production accepts only digests (./rules.ts). */
      versions: objectOf(SERVICE_NAMES, () => imageVersion),
    })
    .strict(),
  services: objectOf(SERVICE_NAMES, () => sizingOverride.optional()).prefault({}),
};
