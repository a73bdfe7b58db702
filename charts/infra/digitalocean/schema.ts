import { z } from 'zod';

/**
 * `infra.digitalocean`: what only a DigitalOcean estate has. Every field has a default, so the section may be left out.
 */
export const doEstateConfig = z.object({}).strict();
