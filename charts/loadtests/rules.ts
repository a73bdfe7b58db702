import { isRecord } from '../config/primitives';
import type { Rule } from '../config/rules';
import { loadtestsConfig, loadtestsEnabled } from './schema';

/**
 * Where load tests are enabled (staging by default), the runners' only destination must be known:
 * `edgeAddresses`, the edge load balancer's public addresses. On production they are off unless
 * `enabled: true`, and settings without it would silently render nothing, so they are reported.
 */
export const loadtestsRules: Rule = (input, report) => {
  const parsed = loadtestsConfig.loadtests.safeParse(isRecord(input.loadtests) ? input.loadtests : {});
  if (!parsed.success || (input.environment !== 'staging' && input.environment !== 'production')) return;
  const loadtests = parsed.data;
  if (loadtestsEnabled({ environment: input.environment, loadtests })) {
    if ((loadtests.edgeAddresses ?? []).length === 0) {
      report(
        'loadtests.edgeAddresses',
        'required where load tests are enabled: the public addresses of the edge\'s load balancer (`dig +short <app host>`, as /32 CIDRs), the only destination the runners may reach',
      );
    }
    return;
  }
  const set = isRecord(input.loadtests) ? Object.keys(input.loadtests).filter((k) => k !== 'enabled') : [];
  if (input.environment === 'production' && set.length > 0) {
    report(
      'loadtests',
      `production renders no load tests unless loadtests.enabled is true (a test loads the platform its users are on), so ${set.join(', ')} would do nothing: set enabled: true to render them, or remove ${set.length === 1 ? 'it' : 'them'}`,
    );
  }
};
