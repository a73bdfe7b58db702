import { DOKS } from './doks';
import { EKS } from './eks';
import type { Cloud, CloudProfile } from './profile';

export * from './profile';

/** The profile of every cloud, by id. */
export const CLOUD_PROFILES: Readonly<Record<Cloud, CloudProfile>> = { eks: EKS, doks: DOKS };

/** The profile of a target's cloud. */
export function cloudProfile(cloud: Cloud): CloudProfile {
  return CLOUD_PROFILES[cloud];
}
