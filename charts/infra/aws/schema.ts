import { z } from 'zod';

/**
 * `infra.aws`: what only an AWS estate has. Every field has a default, so the section may be left out.
 */
export const awsEstateConfig = z.object({}).strict();
