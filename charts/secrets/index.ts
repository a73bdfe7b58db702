import type { Feature } from '../platform/feature';
import { SecretsChart } from './chart';
import { secretsRules } from './rules';
import { secretsSchema } from './schema';

const config = { secrets: secretsSchema };

/** Credentials from the target's secrets manager through External Secrets, one Secret per consumer. */
export const secrets: Feature<typeof config> = {
  id: 'secrets',
  config,
  rules: [secretsRules],
  charts: (scope, { target, cloud, contributions }) => [new SecretsChart(scope, 'secrets', { target, cloud, contributions })],
};
