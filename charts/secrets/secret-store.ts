import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ClusterSecretStore,
  ClusterSecretStoreSpecProviderAwsService,
  ClusterSecretStoreSpecProviderVaultVersion,
  type ClusterSecretStoreSpecProvider,
} from '../../imports/clustersecretstores-external-secrets.io';
import type { SecretsConfig } from './schema';
import type { StoreRef } from './external-secret';

/** Name of the store every ExternalSecret of the platform reads from. */
export const STORE_NAME = 'moderation-platform';

/** ServiceAccount whose tokens ESO presents to the provider (IRSA, Vault and Doppler): an identity for this store only. */
export const STORE_SERVICE_ACCOUNT = 'moderation-platform-secrets';

export interface PlatformSecretStoreProps {
  /** The secrets manager, its settings and how ESO authenticates to it (the target's `secrets` section). */
  readonly settings: SecretsConfig;
  /** Region of the cluster: AWS Secrets Manager's region unless `settings.region` sets one; other providers ignore it. */
  readonly clusterRegion: string;
  /** The only namespaces whose ExternalSecrets may use the store. */
  readonly namespaces: readonly string[];
}

/**
 * The target's ClusterSecretStore: the provider chosen in `secrets.provider`, authenticated without
 * any long-lived credential in the cluster where the provider allows it:
 * - AWS Secrets Manager: IRSA (a ServiceAccount carrying the role ARN, named with its namespace) or
 *   EKS Pod Identity (no `auth`: the SDK finds the ESO controller's association);
 * - Vault: Kubernetes auth with this store's ServiceAccount;
 * - Doppler: OIDC with this store's ServiceAccount token;
 * - Infisical: Kubernetes auth with the ESO controller's ServiceAccount token (the identity ID, not
 *   a credential, is read from a Secret created once);
 * - 1Password: a Connect token, itself a bootstrap Secret created once outside git and only referenced.
 *
 * It is cluster-scoped so Secrets of other namespaces (cert-manager's) can use it, and its
 * `conditions` limit it to exactly the namespaces given: an ExternalSecret elsewhere cannot read the
 * platform's secrets.
 */
export class PlatformSecretStore extends Construct {
  readonly store: ClusterSecretStore;
  /** The ServiceAccount the provider authenticates, where the provider uses one. */
  readonly serviceAccount?: k8s.KubeServiceAccount;
  readonly ref: StoreRef = { kind: 'ClusterSecretStore', name: STORE_NAME };

  constructor(scope: Construct, id: string, props: PlatformSecretStoreProps) {
    super(scope, id);
    const secrets = props.settings;
    const accountNamespace = secrets.operatorNamespace;
    const account = { name: STORE_SERVICE_ACCOUNT, namespace: accountNamespace };

    if (usesStoreServiceAccount(secrets)) {
      this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
        metadata: {
          ...account,
          annotations: secrets.provider === 'aws-secrets-manager' && secrets.roleArn ? { 'eks.amazonaws.com/role-arn': secrets.roleArn } : undefined,
        },
        // Only ESO requests tokens for it (TokenRequest); no pod runs as it.
        automountServiceAccountToken: false,
      });
    }

    this.store = new ClusterSecretStore(this, 'store', {
      metadata: { name: STORE_NAME },
      spec: {
        conditions: [{ namespaces: [...props.namespaces] }],
        provider: providerOf(secrets, props.clusterRegion, account),
      },
    });
  }
}

/** Whether the store authenticates as its own ServiceAccount (IRSA, Vault and Doppler). */
function usesStoreServiceAccount(secrets: SecretsConfig): boolean {
  return (secrets.provider === 'aws-secrets-manager' && secrets.auth === 'irsa') || secrets.provider === 'vault' || secrets.provider === 'doppler';
}

function providerOf(secrets: SecretsConfig, clusterRegion: string, account: { name: string; namespace: string }): ClusterSecretStoreSpecProvider {
  const bootstrapRef = (ref: { name: string; key: string }) => ({ ...ref, namespace: secrets.operatorNamespace });
  switch (secrets.provider) {
    case 'aws-secrets-manager':
      return {
        aws: {
          service: ClusterSecretStoreSpecProviderAwsService.SECRETS_MANAGER,
          region: secrets.region ?? clusterRegion,
          auth: secrets.auth === 'irsa' ? { jwt: { serviceAccountRef: account } } : undefined,
        },
      };
    case 'vault':
      return {
        vault: {
          server: secrets.server,
          path: secrets.path,
          version: ClusterSecretStoreSpecProviderVaultVersion.V2,
          namespace: secrets.namespace,
          auth: { kubernetes: { mountPath: secrets.kubernetesAuth.mountPath, role: secrets.kubernetesAuth.role, serviceAccountRef: account } },
        },
      };
    case 'doppler':
      return {
        doppler: {
          project: secrets.project,
          config: secrets.config,
          auth: { oidcConfig: { identity: secrets.identityId, serviceAccountRef: account } },
        },
      };
    case 'infisical':
      return {
        infisical: {
          hostApi: secrets.hostApi,
          secretsScope: { projectSlug: secrets.projectSlug, environmentSlug: secrets.environmentSlug },
          auth: { kubernetesAuthCredentials: { identityId: bootstrapRef(secrets.identityIdSecretRef) } },
        },
      };
    case '1password':
      return {
        onepassword: {
          connectHost: secrets.connectHost,
          vaults: Object.fromEntries(secrets.vaults.map((vault, i) => [vault, i + 1])),
          auth: { secretRef: { connectTokenSecretRef: bootstrapRef(secrets.connectTokenSecretRef) } },
        },
      };
  }
}
