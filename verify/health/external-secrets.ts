/** The `external-secrets.io` group: Argo CD's `external-secrets.io/{ExternalSecret,SecretStore,ClusterSecretStore}/health.lua`. */
import { type GroupHealthChecks, readyOrWaiting } from './shared';

// The three scripts are the same Ready-condition check, each with its own waiting message.

export const EXTERNAL_SECRETS: GroupHealthChecks = {
  groups: ['external-secrets.io'],
  kinds: {
    ExternalSecret: readyOrWaiting('Waiting for ExternalSecret'),
    SecretStore: readyOrWaiting('Waiting for SecretStore'),
    ClusterSecretStore: readyOrWaiting('Waiting for ClusterSecretStore'),
  },
};
