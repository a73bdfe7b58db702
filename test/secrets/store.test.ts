import { cloudProfile } from '../../charts/cloud';
import { isStandby } from '../../charts/disaster-recovery/standby';
import { estateEndpoints, estateStoreName } from '../../charts/infra/endpoints';
import { estateContext } from '../../charts/infra/estate';
import { durationSeconds } from '../../charts/secrets/schema';
import { renderedTarget, renderVariant, TARGET_NAMES, targetObjects, type KubeObject } from '../support/render';
import { validateObject } from '../support/validate-all';
import { byKind, producedName, renderWithSecrets, strings } from '../support/secrets';

const STORE_KINDS = ['ClusterSecretStore', 'SecretStore'];
const stores = (objects: readonly KubeObject[]) => objects.filter((o) => STORE_KINDS.includes(o.kind));

/** Fields that would put a long-lived credential (or a reference to one) in a store. */
const STATIC_CREDENTIAL_FIELDS = /(^|\.)(secretRef|accessKeyIDSecretRef|secretAccessKeySecretRef|tokenSecretRef|accessKeyId|secretAccessKey|token)$/;

/** Every store variant a target can choose, rendered on a target of the cloud it runs on. */
const VARIANTS: { label: string; target: string; secrets: Record<string, unknown> }[] = [
  { label: 'aws-secrets-manager + irsa', target: 'eks-staging', secrets: { provider: 'aws-secrets-manager', auth: 'irsa', roleArn: 'arn:aws:iam::123456789012:role/eso' } },
  { label: 'aws-secrets-manager + pod-identity', target: 'eks-staging', secrets: { provider: 'aws-secrets-manager', auth: 'pod-identity' } },
  { label: 'vault', target: 'doks-staging', secrets: { provider: 'vault', server: 'https://vault.example.com:8200', namespace: 'moderation' } },
  { label: 'doppler (OIDC)', target: 'doks-staging', secrets: { provider: 'doppler', project: 'moderation', config: 'stg', identityId: '1f0c2a4e-7b3d-4c55-9a61-2d8e9f0b1c23' } },
  { label: 'infisical (Kubernetes auth)', target: 'doks-staging', secrets: { provider: 'infisical', projectSlug: 'moderation', environmentSlug: 'staging', identityIdSecretRef: { name: 'infisical-identity', key: 'identity-id' } } },
  { label: '1password (Connect token)', target: 'doks-staging', secrets: { provider: '1password', connectHost: 'https://op-connect.example.com', vaults: ['moderation-staging', 'shared'], connectTokenSecretRef: { name: 'onepassword-connect', key: 'token' } } },
];

describe.each(TARGET_NAMES)('%s: store and ExternalSecrets', (name) => {
  const objects = targetObjects(name);
  const externalSecrets = byKind(objects, 'ExternalSecret');

  test('has one store per source (the secrets manager, the cloud estate and, where a provider publishes an endpoint in status only, its resources), each cluster-scoped, limited to the namespaces of its ExternalSecrets', () => {
    const statusStore = externalSecrets.some((es) => es.spec.secretStoreRef.name === 'moderation-estate-status') ? ['ClusterSecretStore/moderation-estate-status'] : [];
    // The estate's source is one store per management namespace its endpoints come from: a standby's
    // replica is written in its primary's estate namespace (charts/infra/endpoints.ts).
    const { target } = renderedTarget(name);
    const cloud = cloudProfile(target.cloud);
    const own = estateContext(target, cloud).namespace;
    const estateNamespaces = [...new Set(Object.values(estateEndpoints(target, cloud)).map((e) => e.namespace ?? own))];
    const estateStores = estateNamespaces.map((ns) => `ClusterSecretStore/${estateStoreName(own, ns)}`);
    expect(stores(objects).map((s) => `${s.kind}/${s.metadata.name}`).sort()).toEqual([...estateStores, ...statusStore, 'ClusterSecretStore/moderation-platform'].sort());
    for (const store of stores(objects)) {
      const namespaces = [...new Set(externalSecrets.filter((es) => es.spec.secretStoreRef.name === store.metadata.name).map((es) => es.metadata.namespace))].sort();
      expect(store.spec.conditions).toEqual([{ namespaces }]);
    }
  });

  test('every ExternalSecret points to a store of this target (kind and name)', () => {
    for (const es of externalSecrets) {
      const ref = es.spec.secretStoreRef;
      const found = stores(objects).filter((s) => s.kind === ref.kind && s.metadata.name === ref.name && (ref.kind === 'ClusterSecretStore' || s.metadata.namespace === es.metadata.namespace));
      expect({ es: es.metadata.name, stores: found.length }).toEqual({ es: es.metadata.name, stores: 1 });
    }
  });

  test('every ExternalSecret and store validates against its CRD schema', () => {
    const problems = [...externalSecrets, ...stores(objects)].flatMap((o) => validateObject(o));
    expect(problems).toEqual([]);
  });

  test('lifecycle: Orphan + Retain, periodic refresh, one Secret per ExternalSecret', () => {
    for (const es of externalSecrets) {
      expect(es.spec.target).toMatchObject({ name: es.metadata.name, creationPolicy: 'Orphan', deletionPolicy: 'Retain' });
      expect(es.spec.refreshPolicy).toBe('Periodic');
      expect(durationSeconds(es.spec.refreshInterval)).toBeGreaterThan(0);
    }
    expect(new Set(externalSecrets.map((es) => `${es.metadata.namespace}/${producedName(es)}`)).size).toBe(externalSecrets.length);
  });

  test('produced Secrets carry the ownership labels, and no version (a release must not rewrite them)', () => {
    for (const es of externalSecrets) {
      const labels = es.spec.target.template.metadata.labels;
      expect(labels).toMatchObject({ 'team': expect.any(String), 'cost-center': expect.any(String), 'app.kubernetes.io/part-of': 'moderation-platform' });
      expect(labels['app.kubernetes.io/version']).toBeUndefined();
    }
  });

  test('database credentials refresh at least hourly', () => {
    const database = externalSecrets.filter((es) => (es.spec.data ?? []).some((d: any) => d.secretKey.startsWith('postgres-')));
    expect(database.map((es) => es.metadata.name).sort()).toEqual(['db-backup-credentials', 'db-migrations-credentials', 'moderation-api-credentials', 'moderation-worker-credentials']);
    for (const es of database) expect(durationSeconds(es.spec.refreshInterval)).toBeLessThanOrEqual(3600);
  });

  test('remote keys follow <environment>/moderation/<owner>/<credential> (Kafka users named for Amazon MSK on EKS)', () => {
    const { environment } = renderedTarget(name).target;
    const msk = name.startsWith('eks') ? 'AmazonMSK_' : '';
    for (const es of externalSecrets) {
      for (const d of es.spec.data ?? []) {
        const prefix = d.secretKey.startsWith('kafka-') ? msk : '';
        expect(d.remoteRef.key).toMatch(new RegExp(`^${prefix}${environment}/moderation/[a-z-]+/[a-z-]+$`));
      }
    }
  });

  test('the Alertmanager receivers\' credentials are synced where their consumer, the AlertmanagerConfig, lives', () => {
    const consumer = targetObjects(name).find((o) => o.kind === 'AlertmanagerConfig');
    expect(externalSecrets.filter((e) => producedName(e) === 'alertmanager-receivers').map((e) => e.metadata.namespace)).toEqual([consumer?.metadata.namespace]);
  });

  // A disaster-recovery standby runs no migration (its database is a replica) but keeps the credential
  // synced, so the first release after a promotion needs nothing new.
  test('the migrations credential exists for the migration job, and no service reads it', () => {
    expect(externalSecrets.find((e) => producedName(e) === 'db-migrations-credentials')?.metadata.namespace).toBe('moderation');
    const readers = objects.filter((o) => ['Deployment', 'Job'].includes(o.kind) && JSON.stringify(o.spec).includes('"db-migrations-credentials"'));
    expect(readers.map((o) => o.kind)).toEqual(isStandby(renderedTarget(name).target) ? [] : ['Job']);
  });

  if (name.startsWith('doks')) {
    test('cert-manager\'s DigitalOcean DNS-01 token: only when the target solves DNS-01 with it; then Secret digitalocean-dns-token, key access-token, in cert-manager', () => {
      const dns01 = renderVariant(name, (input) => {
        input.edge = { ...input.edge, certificates: { solver: 'dns01', dns01: { digitalocean: {} } } };
      }).objects.filter((o) => o.kind === 'ExternalSecret');
      const es = dns01.find((e) => producedName(e) === 'digitalocean-dns-token')!;
      expect(es.metadata.namespace).toBe('cert-manager');
      expect(es.spec.data.map((d: any) => d.secretKey)).toEqual(['access-token']);
      const solver = (renderedTarget(name).target.edge.certificates.solver);
      expect(externalSecrets.some((e) => producedName(e) === 'digitalocean-dns-token')).toBe(solver === 'dns01');
    });
  } else {
    test('no DNS token and no pull secret on EKS (IAM roles instead)', () => {
      expect(externalSecrets.map(producedName)).not.toEqual(expect.arrayContaining(['digitalocean-dns-token']));
      expect(externalSecrets.map(producedName)).not.toEqual(expect.arrayContaining(['registry-pull-secret']));
    });
  }
});

describe('the store of each provider', () => {
  test.each(VARIANTS)('$label: store and ExternalSecrets validate against the CRDs, with no inline credential', ({ target, secrets }) => {
    const objects = renderWithSecrets(target, secrets);
    const [store] = stores(objects);
    const secretObjects = objects.filter((o) => [...STORE_KINDS, 'ExternalSecret', 'ServiceAccount'].includes(o.kind));
    expect(secretObjects.flatMap((o) => validateObject(o))).toEqual([]);
    expect(byKind(objects, 'Secret')).toEqual([]);
    // A referenced bootstrap Secret is named with key and namespace, never given a value.
    for (const s of strings(store.spec.provider)) expect(s.value).not.toMatch(/^(dp\.st\.|ops_|eyJ)/);
  });

  test('EKS with IRSA: ServiceAccount with the role ARN, named with its namespace; no static keys', () => {
    const objects = renderWithSecrets('eks-staging', VARIANTS[0].secrets);
    const [store] = stores(objects);
    expect(store.spec.provider.aws).toEqual({
      service: 'SecretsManager',
      region: 'us-east-1',
      auth: { jwt: { serviceAccountRef: { name: 'moderation-platform-secrets', namespace: 'external-secrets' } } },
    });
    const account = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'moderation-platform-secrets')!;
    expect(account.metadata.namespace).toBe('external-secrets');
    expect(account.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/eso' });
    expect(strings(store.spec).filter((s) => STATIC_CREDENTIAL_FIELDS.test(s.path.replace(/\[\d+\]/g, '')))).toEqual([]);
  });

  test('EKS with Pod Identity: no auth block and no ServiceAccount of its own', () => {
    const objects = renderWithSecrets('eks-staging', VARIANTS[1].secrets);
    expect(stores(objects)[0].spec.provider.aws).toEqual({ service: 'SecretsManager', region: 'us-east-1' });
    expect(objects.filter((o) => o.kind === 'ServiceAccount' && o.metadata.namespace === 'external-secrets')).toEqual([]);
  });

  test.each(TARGET_NAMES.filter((n) => n.startsWith('eks')))('%s (as committed): the AWS store carries no static credential and no role ARN (Pod Identity, role from the estate)', (name) => {
    const [store] = stores(targetObjects(name));
    expect(store.spec.provider.aws.auth).toBeUndefined();
    const paths = strings(store.spec).map((s) => s.path.replace(/\[\d+\]/g, ''));
    expect(paths.filter((p) => STATIC_CREDENTIAL_FIELDS.test(p))).toEqual([]);
    expect(strings(store.spec).filter((s) => s.value.startsWith('arn:'))).toEqual([]);
  });

  test.each(TARGET_NAMES.filter((n) => n.startsWith('doks')))('%s (as committed): Vault with Kubernetes auth, no token', (name) => {
    const [store] = stores(targetObjects(name));
    expect(store.spec.provider.vault).toMatchObject({ version: 'v2', path: 'secret', server: expect.stringMatching(/^https:\/\//) });
    expect(Object.keys(store.spec.provider.vault.auth)).toEqual(['kubernetes']);
    expect(store.spec.provider.vault.auth.kubernetes.serviceAccountRef).toEqual({ name: 'moderation-platform-secrets', namespace: 'external-secrets' });
  });

  test('Infisical and 1Password reference their bootstrap Secret in the operator namespace', () => {
    const infisical = stores(renderWithSecrets('doks-staging', VARIANTS[4].secrets))[0].spec.provider.infisical;
    expect(infisical.auth).toEqual({ kubernetesAuthCredentials: { identityId: { name: 'infisical-identity', key: 'identity-id', namespace: 'external-secrets' } } });
    const onepassword = stores(renderWithSecrets('doks-staging', VARIANTS[5].secrets))[0].spec.provider.onepassword;
    expect(onepassword.auth).toEqual({ secretRef: { connectTokenSecretRef: { name: 'onepassword-connect', key: 'token', namespace: 'external-secrets' } } });
    expect(onepassword.vaults).toEqual({ 'moderation-staging': 1, 'shared': 2 });
  });

  test('remote keys in each provider\'s syntax, and an override used verbatim', () => {
    const keyOf = (objects: KubeObject[], secret: string) => byKind(objects, 'ExternalSecret').find((e) => e.metadata.name === secret)!.spec.data[0].remoteRef.key;
    expect(keyOf(renderWithSecrets('doks-staging', VARIANTS[3].secrets), 'moderation-api-credentials')).toBe('STAGING_MODERATION_MODERATION_API_POSTGRES');
    expect(keyOf(renderWithSecrets('doks-staging', VARIANTS[4].secrets), 'moderation-api-credentials')).toBe('/staging/moderation/moderation-api/postgres');
    const custom = renderWithSecrets('eks-staging', { ...VARIANTS[0].secrets, keyPrefix: 'moderation/stg', remoteKeys: { 'moderation-api': { postgres: 'rds!cluster-abc/moderation_api' } } });
    expect(keyOf(custom, 'moderation-api-credentials')).toBe('rds!cluster-abc/moderation_api');
    expect(keyOf(custom, 'moderation-worker-credentials')).toBe('moderation/stg/moderation-worker/postgres');
  });
});
