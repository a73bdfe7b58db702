import type { Construct } from 'constructs';
import { ManagedSecret } from '../../secrets/external-secret';
import type { EstateContext } from '../estate';
import { doSettings } from './common';

/** How often the management cluster re-reads the estate's credentials from its secrets manager. */
const REFRESH_INTERVAL = '1h';

/**
 * The Secret (in the estate's namespace) the ProviderConfig reads: key `credentials`, the JSON the
 * provider expects (`token`, and the Spaces key pair the bucket API needs).
 */
export const DO_TOKEN_SECRET = { name: 'digitalocean-api-token', key: 'credentials' } as const;

/** The Secret with the CA certificate the database log sinks verify the OpenSearch cluster with. */
export const LOGSINK_CA_SECRET = { name: 'opensearch-logsink-ca', key: 'ca.crt' } as const;

/** The remote key of a target's estate credential in the management cluster's secrets manager. */
export function remoteKey(context: EstateContext, name: string): string {
  return `${context.target.name}/${name}`;
}

/**
 * The estate's credentials in the management cluster, synced by External Secrets from the
 * ClusterSecretStore `infra.digitalocean.tokenStore`: the provider's API token and Spaces keys, and
 * the OpenSearch CA certificate of the log sinks. Nothing of them is in Git.
 */
export function buildCredentials(scope: Construct, context: EstateContext): void {
  const store = { kind: 'ClusterSecretStore', name: doSettings(context).tokenStore } as const;
  const token = remoteKey(context, 'digitalocean-api-token');
  new ManagedSecret(scope, 'api-token', {
    name: DO_TOKEN_SECRET.name,
    namespace: context.namespace,
    store,
    refreshInterval: REFRESH_INTERVAL,
    values: [
      { secretKey: 'token', key: token, property: 'token' },
      { secretKey: 'spaces_access_id', key: token, property: 'spaces-access-id' },
      { secretKey: 'spaces_secret_key', key: token, property: 'spaces-secret-key' },
    ],
    templateData: {
      [DO_TOKEN_SECRET.key]: '{"token": {{ .token | toJson }}, "spaces_access_id": {{ .spaces_access_id | toJson }}, "spaces_secret_key": {{ .spaces_secret_key | toJson }}}',
    },
  });
  new ManagedSecret(scope, 'logsink-ca', {
    name: LOGSINK_CA_SECRET.name,
    namespace: context.namespace,
    store,
    refreshInterval: REFRESH_INTERVAL,
    values: [{ secretKey: LOGSINK_CA_SECRET.key, key: remoteKey(context, 'opensearch-logsink'), property: 'ca-certificate' }],
  });
}
