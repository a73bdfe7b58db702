import { z } from 'zod';

/** The target's public edge: what the internet reaches, through the Gateway. */
export const edgeSchema = z
  .object({
    /** Whether `/api/v1/...` is routed from the internet to moderation-api. */
    publicApi: z.boolean().default(true),
  })
  .strict()
  .default({ publicApi: true });
