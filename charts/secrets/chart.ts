import type { Construct } from 'constructs';
import type { Target } from '../config/target';
import { commonLabels, PART_OF } from '../platform/labels';
import type { Contributions } from '../platform/contributions';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';
import { EstateEndpointSecrets } from '../infra/endpoints';
import { refreshClassOf, secretsForTarget, type SecretSpec } from './credentials';
import { ManagedSecret } from './external-secret';
import { secretNamespace } from './namespaces';
import { remoteKey } from './remote-keys';
import { PlatformSecretStore } from './secret-store';

/**
 * Every credential of the target, from its secrets manager: the ClusterSecretStore (usable only
 * from the namespaces that hold the platform's Secrets) and one ExternalSecret per Secret of the
 * catalogue (charts/secrets/credentials.ts) that the target needs, and of every credential another
 * feature provides (its `provides().credentials`). No Secret is ever
 * written here: ESO creates each one in the cluster. Beside them, the endpoints of the managed
 * services the cloud estate creates, read from the management cluster (charts/infra/endpoints.ts).
 */
/**
 * Labels of every produced Secret: the ownership labels too (team, cost center), but no version: a
 * release must not rewrite every Secret.
 */
function secretLabels(target: Target): Record<string, string> {
  return { ...commonLabels(target), 'app.kubernetes.io/name': PART_OF, 'app.kubernetes.io/component': 'secrets' };
}

export interface SecretsChartProps extends FeatureChartProps {
  /** Credentials other features need synced, beside the catalogue's. @default none */
  readonly contributions?: Pick<Contributions, 'credentials'>;
}

export class SecretsChart extends PlatformChart {
  readonly store: PlatformSecretStore;
  /** The produced Secrets, by Secret name. */
  readonly secrets: Readonly<Record<string, ManagedSecret>>;
  /** The endpoints of the managed services, from the cloud estate's connection Secrets. */
  readonly estateEndpoints: EstateEndpointSecrets;

  constructor(scope: Construct, id: string, props: SecretsChartProps) {
    const { target } = props;
    super(scope, id, { target, component: 'secrets' });
    const specs = [...secretsForTarget(target, props.cloud), ...(props.contributions?.credentials ?? [])];
    const namespaces = [...new Set(specs.map((s) => secretNamespace(target, s.namespace)))].sort();
    this.store = new PlatformSecretStore(this, 'store', { settings: target.secrets, clusterRegion: target.cluster.region, namespaces });

    const secrets: Record<string, ManagedSecret> = {};
    for (const spec of specs) secrets[spec.secretName] = this.managedSecret(target, spec);
    this.secrets = secrets;
    this.estateEndpoints = new EstateEndpointSecrets(this, 'estate-endpoints', { target, cloud: props.cloud, secretLabels: secretLabels(target) });
  }

  private managedSecret(target: Target, spec: SecretSpec): ManagedSecret {
    const namespace = secretNamespace(target, spec.namespace);
    return new ManagedSecret(this, `${namespace}-${spec.secretName}`, {
      name: spec.secretName,
      namespace,
      store: this.store.ref,
      refreshInterval: target.secrets.refreshIntervals[refreshClassOf(spec)],
      secretLabels: secretLabels(target),
      type: spec.template?.type,
      templateData: spec.template?.data({ registryHost: target.images.registry.split('/')[0] }),
      values: spec.credentials.flatMap((credential) =>
        credential.fields.map((field) => ({
          secretKey: field.secretKey,
          key: remoteKey(target, spec.owner, credential),
          property: field.property,
        })),
      ),
    });
  }
}
