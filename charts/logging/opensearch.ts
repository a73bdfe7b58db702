import type { k8s } from 'cdk8s-plus-28';
import type { SecretSpec } from '../secrets/credentials';
import { RELOADER_SECRET_ANNOTATION, secretEnv } from '../secrets/wiring';
import type { OpenSearchCredentials } from './destinations';

/** The Secret the collector reads its OpenSearch user and the cluster's CA certificate from. */
export const OPENSEARCH_SECRET = { name: 'opensearch-credentials', caKey: 'ca.crt' } as const;

/** Where the CA certificate is mounted in the collector's container. */
const CA_DIR = '/fluent-bit/tls';
/** The variables the login is read into, which the output's `http_user` and `http_passwd` name. */
const USERNAME_ENV = 'OPENSEARCH_USERNAME';
const PASSWORD_ENV = 'OPENSEARCH_PASSWORD';

/**
 * The collector's OpenSearch login, synced from the secrets manager into the logging namespace
 * (remote key `<keyPrefix>/fluent-bit/opensearch`): a user that may only write the target's log and audit indices,
 * and the cluster's CA certificate (DigitalOcean signs its clusters with its own CA).
 */
export const OPENSEARCH_CREDENTIALS: SecretSpec = {
  owner: 'fluent-bit',
  secretName: OPENSEARCH_SECRET.name,
  namespace: 'logging',
  usedBy: 'Fluent Bit (logging namespace): writes the cluster\'s logs to the managed OpenSearch cluster',
  credentials: [
    {
      name: 'opensearch',
      class: 'service',
      description: 'OpenSearch user with write access to the target\'s moderation-<environment>-* and moderation-audit-<environment>-* indices only, and the cluster\'s CA certificate',
      fields: [
        { property: 'username', secretKey: 'username', env: USERNAME_ENV },
        { property: 'password', secretKey: 'password', env: PASSWORD_ENV },
        { property: 'ca-certificate', secretKey: OPENSEARCH_SECRET.caKey },
      ],
    },
  ],
};

/** How the collector consumes the Secret: the login as environment, the CA as a file, a rollout when it rotates. */
export interface OpenSearchWiring {
  readonly credentials: OpenSearchCredentials;
  readonly env: k8s.EnvVar[];
  readonly volume: { readonly volume: k8s.Volume; readonly mount: k8s.VolumeMount };
  readonly annotations: Record<string, string>;
}

export function openSearchWiring(): OpenSearchWiring {
  return {
    credentials: { usernameEnv: USERNAME_ENV, passwordEnv: PASSWORD_ENV, caFile: `${CA_DIR}/${OPENSEARCH_SECRET.caKey}` },
    env: secretEnv(OPENSEARCH_CREDENTIALS),
    volume: {
      volume: { name: 'opensearch-ca', secret: { secretName: OPENSEARCH_SECRET.name, items: [{ key: OPENSEARCH_SECRET.caKey, path: OPENSEARCH_SECRET.caKey }] } },
      mount: { name: 'opensearch-ca', mountPath: CA_DIR, readOnly: true },
    },
    annotations: { [RELOADER_SECRET_ANNOTATION]: OPENSEARCH_SECRET.name },
  };
}
