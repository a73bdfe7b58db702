import { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretSpecRefreshPolicy,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
  ExternalSecretSpecTargetTemplateEngineVersion,
} from '../../imports/externalsecrets-external-secrets.io';

const STORE_KINDS = {
  ClusterSecretStore: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE,
  SecretStore: ExternalSecretSpecSecretStoreRefKind.SECRET_STORE,
} as const;

/** A store an ExternalSecret reads from. */
export interface StoreRef {
  readonly kind: 'ClusterSecretStore' | 'SecretStore';
  readonly name: string;
}

/** One key of the Secret, read from one property of a remote secret. */
export interface RemoteValue {
  /** Key in the Kubernetes Secret. */
  readonly secretKey: string;
  /** Remote key in the provider's syntax. */
  readonly key: string;
  /** Property of the remote document. */
  readonly property: string;
}

export interface ManagedSecretProps {
  /** Name of the Secret, and of the ExternalSecret that produces it. */
  readonly name: string;
  /** Namespace of the Secret and its ExternalSecret: where its consumer runs. */
  readonly namespace: string;
  /** The store the values are read from; it must allow this namespace. */
  readonly store: StoreRef;
  /** How often the values are re-read from the provider (a Go duration). */
  readonly refreshInterval: string;
  /** The Secret's keys and the remote properties each is read from. */
  readonly values: readonly RemoteValue[];
  /** Remote keys read whole (every property, `dataFrom.extract`), for `templateData` to pick from. @default none */
  readonly extract?: readonly string[];
  /** Labels of the produced Secret (the ExternalSecret has its chart's). @default none */
  readonly secretLabels?: Readonly<Record<string, string>>;
  /** Annotations of the produced Secret. @default none */
  readonly secretAnnotations?: Readonly<Record<string, string>>;
  /** Secret type; with `templateData`, its data is built from the fetched values. @default 'Opaque' */
  readonly type?: string;
  /** Secret key → Go template (engine v2) over the fetched values. @default the fetched values as they are */
  readonly templateData?: Readonly<Record<string, string>>;
}

/**
 * A Kubernetes Secret produced by the External Secrets Operator from a secrets manager: never
 * written in git, re-read every `refreshInterval`.
 *
 * Lifecycle: `creationPolicy: Orphan` + `deletionPolicy: Retain`. The Secret carries no owner
 * reference, so deleting or pruning the ExternalSecret (a rename, a GitOps prune, uninstalling the
 * ESO CRDs, which deletes every ExternalSecret) never garbage-collects a Secret that running pods
 * mount, and pods keep starting; removing the Secret is an explicit step (docs/features/secrets.md).
 * `Retain` keeps the last good values when the remote secret disappears or the provider is down.
 */
export class ManagedSecret extends Construct {
  readonly externalSecret: ExternalSecret;

  constructor(scope: Construct, id: string, props: ManagedSecretProps) {
    super(scope, id);
    this.externalSecret = new ExternalSecret(this, 'external-secret', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        secretStoreRef: { kind: STORE_KINDS[props.store.kind], name: props.store.name },
        refreshPolicy: ExternalSecretSpecRefreshPolicy.PERIODIC,
        refreshInterval: props.refreshInterval,
        target: {
          name: props.name,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.ORPHAN,
          deletionPolicy: ExternalSecretSpecTargetDeletionPolicy.RETAIN,
          template: {
            engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2,
            type: props.type ?? 'Opaque',
            metadata: {
              labels: props.secretLabels ? { ...props.secretLabels } : undefined,
              annotations: props.secretAnnotations ? { ...props.secretAnnotations } : undefined,
            },
            data: props.templateData ? { ...props.templateData } : undefined,
          },
        },
        data: props.values.length > 0 || !props.extract ? props.values.map((v) => ({ secretKey: v.secretKey, remoteRef: { key: v.key, property: v.property } })) : undefined,
        dataFrom: props.extract?.map((key) => ({ extract: { key } })),
      },
    });
  }
}
