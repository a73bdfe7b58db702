import type { Contributions } from '../platform/contributions';
import type { Feature } from '../platform/feature';
import { selectorLabels } from '../platform/labels';
import { FlagsChart } from './chart';
import { FLAG_CLIENTS, flagdProviderEnv } from './clients';
import { FLAGD_NAME, FLAGD_PORTS, flagdHost } from './flagd';
import { flagsRules } from './rules';
import { flagsConfig } from './schema';

/**
 * Feature flags with flagd (OpenFeature): each target's flag file, validated at synthesis, served by
 * a flagd Deployment; the services learn where it is from their environment and reach it through
 * their NetworkPolicies.
 */
export const flags: Feature<typeof flagsConfig> = {
  id: 'flags',
  config: flagsConfig,
  rules: [flagsRules],
  provides: ({ target }): Partial<Contributions> => {
    const endpoint = { host: flagdHost(target.namespace), port: FLAGD_PORTS.evaluation, podLabels: selectorLabels(FLAGD_NAME, target) };
    return {
      env: Object.fromEntries(FLAG_CLIENTS.map((service) => [service, flagdProviderEnv(endpoint.host, endpoint.port)])),
      egress: Object.fromEntries(FLAG_CLIENTS.map((service) => [service, [endpoint]])),
    };
  },
  charts: (scope, { target, cloud }) => [new FlagsChart(scope, 'flags', { target, cloud })],
};
