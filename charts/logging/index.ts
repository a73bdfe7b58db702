import type { Feature } from '../platform/feature';
import { LoggingChart } from './chart';
import { contractEnv } from './contract';
import { OPENSEARCH_CREDENTIALS } from './opensearch';
import { loggingRules } from './rules';
import { loggingConfig } from './schema';

/**
 * Logs: the services' log contract (JSON lines, switched on through their environment) and Fluent Bit
 * on every node, shipping to the cloud's log store (CloudWatch Logs with a pod identity, or a managed
 * OpenSearch cluster with a synced login). See docs/features/logging.md.
 */
export const logging: Feature<typeof loggingConfig> = {
  id: 'logging',
  config: loggingConfig,
  rules: [loggingRules],
  provides: ({ target, cloud }) => ({
    env: contractEnv(target.logging.level),
    credentials: cloud.logStore.kind === 'opensearch' ? [OPENSEARCH_CREDENTIALS] : [],
  }),
  charts: (scope, { target, cloud }) => [new LoggingChart(scope, 'logging', { target, cloud })],
};
