/** The `external-secrets.io` group: Argo CD's `external-secrets.io/{ExternalSecret,SecretStore,ClusterSecretStore}/health.lua`. */
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { type GroupHealthChecks, health, readyVerdict } from './shared';

/** The three scripts are the same Ready-condition check, each with its own waiting message. */
const readyOrWaiting =
  (waiting: string) =>
  (object: KubeObject): HealthStatus =>
    readyVerdict(object) ?? health('Progressing', waiting);

export const EXTERNAL_SECRETS: GroupHealthChecks = {
  groups: ['external-secrets.io'],
  kinds: {
    ExternalSecret: readyOrWaiting('Waiting for ExternalSecret'),
    SecretStore: readyOrWaiting('Waiting for SecretStore'),
    ClusterSecretStore: readyOrWaiting('Waiting for ClusterSecretStore'),
  },
};
