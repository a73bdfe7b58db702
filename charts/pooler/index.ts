import type { Feature } from '../platform/feature';
import { poolerRules } from './rules';
import { poolerConfig } from './schema';

/**
 * Connection pooling with a budget: synthesis fails when any connection ceiling between the services
 * and PostgreSQL can be exceeded at maximum scale.
 */
export const pooler: Feature<typeof poolerConfig> = {
  id: 'pooler',
  config: poolerConfig,
  rules: [poolerRules],
};
