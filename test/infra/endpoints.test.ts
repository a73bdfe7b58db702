/**
 * One source of truth for the endpoints of the managed services the estate creates: no overlay types
 * one, the management cluster's reader gets exactly the connection Secrets, the target's cluster
 * turns them into endpoint Secrets with the keys its consumers read, and NetworkPolicies allow the
 * estate's address ranges.
 */
import { cloudProfile } from '../../charts/cloud';
import { estateStoreName, statusPath } from '../../charts/infra/endpoints';
import { estateContext } from '../../charts/infra/estate';
import { estateObjects } from '../support/estate';
import { configProblems, overlayInput } from '../support/overlay';
import { allObjectsOf, getObject, renderedTarget, TARGET_NAMES, targetObjects, type KubeObject } from '../support/render';
import { producedKeys, producedName } from '../support/secrets';

/** The keys consumers read from each endpoint Secret: the contract, written out. */
const CONTRACT: Record<string, string[]> = { 'postgres-endpoint': ['host', 'port'], 'redis-endpoint': ['host', 'port'], 'kafka-endpoint': ['brokers'] };
const SERVICES = { 'postgres-endpoint': 'postgres', 'redis-endpoint': 'redis', 'kafka-endpoint': 'kafka' } as const;

/** Hosts of managed services an estate creates: RDS, ElastiCache, MSK, DigitalOcean's managed databases. */
const MANAGED_HOST = /\.rds\.amazonaws\.com$|\.cache\.amazonaws\.com$|\.kafka\.[a-z0-9-]+\.amazonaws\.com(:\d+)?$|-(pg|postgres|valkey|redis|kafka)-do-user-\d+/;

/** Every string in a value. */
const stringsOf = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(stringsOf) : value !== null && typeof value === 'object' ? Object.values(value).flatMap(stringsOf) : [];

/** The pod templates of every workload kind. */
function podTemplates(objects: readonly KubeObject[]): { owner: string; spec: any }[] {
  return objects.flatMap((o) => {
    if (o.kind === 'Deployment' || o.kind === 'Job') return [{ owner: `${o.kind}/${o.metadata.name}`, spec: o.spec.template.spec }];
    if (o.kind === 'CronJob') return [{ owner: `${o.kind}/${o.metadata.name}`, spec: o.spec.jobTemplate.spec.template.spec }];
    return [];
  });
}

describe.each(TARGET_NAMES)('endpoints of %s', (name) => {
  const { target } = renderedTarget(name);
  const cloud = cloudProfile(target.cloud);
  const context = estateContext(target, cloud);
  const endpoints = cloud.estate.endpoints(context);
  const objects = targetObjects(name);
  const all = allObjectsOf(renderedTarget(name));
  const endpointSecrets = all.filter((o) => o.kind === 'ExternalSecret' && producedName(o) in CONTRACT);

  it('no overlay types a host, broker, port or range of a service the estate creates', () => {
    const input = overlayInput(name) as Record<string, any>;
    expect(Object.keys(input.backingServices).filter((k) => k in { postgres: 1, redis: 1, kafka: 1 })).toEqual([]);
    expect(input.pooler?.database?.size).toBeUndefined();
    expect(input.backups?.objectStore?.bucket).toBeUndefined();
    expect(stringsOf(input).filter((s) => MANAGED_HOST.test(s))).toEqual([]);
  });

  it('the management cluster\'s reader may get exactly the connection Secrets (and managed resources whose status carries an endpoint), by name, and nothing else', () => {
    const { bootstrap, estate } = estateObjects(name);
    const services = ['postgres', 'redis', 'kafka'] as const;
    // By namespace: the estate's own, and another estate's where it writes what this target reads (a
    // standby's replica, in its primary's namespace).
    const namespaceOf = (s: (typeof services)[number]) => endpoints[s].namespace ?? context.namespace;
    const namespaces = [...new Set(services.map(namespaceOf))];
    const roleName = (namespace: string) => (namespace === context.namespace ? 'moderation-estate-reader' : `moderation-estate-reader-${context.namespace}`);
    for (const namespace of namespaces) {
      const here = services.filter((s) => namespaceOf(s) === namespace);
      const fromSecrets = here.filter((s) => !endpoints[s].status).map((s) => endpoints[s].connectionSecret);
      const fromStatus = here.flatMap((s) => {
        const status = endpoints[s].status;
        if (!status) return [];
        // The resource read is one the estate renders, of that kind.
        expect(estate.filter((o) => o.apiVersion === status.apiVersion && `${o.kind.toLowerCase()}s` === status.plural && o.metadata.name === endpoints[s].connectionSecret)).toHaveLength(1);
        return [{ apiGroups: [status.apiVersion.split('/')[0]], resources: [status.plural], verbs: ['get'], resourceNames: [endpoints[s].connectionSecret] }];
      });
      const role = getObject(bootstrap, 'Role', roleName(namespace), namespace);
      expect(role.rules).toEqual([...(fromSecrets.length > 0 ? [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: fromSecrets }] : []), ...fromStatus]);
      const binding = getObject(bootstrap, 'RoleBinding', roleName(namespace), namespace);
      expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName(namespace) });
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'moderation-estate-reader', namespace: context.namespace }]);
    }
    expect(getObject(bootstrap, 'ServiceAccount', 'moderation-estate-reader', context.namespace).automountServiceAccountToken).toBe(false);
    // No other grant in the bootstrap names the reader.
    const grants = bootstrap.filter((o) => /RoleBinding$/.test(o.kind) && (o.subjects ?? []).some((s: any) => s.name === 'moderation-estate-reader'));
    expect(grants.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual(namespaces.map((ns) => `${ns}/${roleName(ns)}`).sort());
  });

  it('the target\'s store reads the estate\'s namespace of the management cluster with the reader\'s token, for the platform\'s namespace only', () => {
    const store = getObject(all, 'ClusterSecretStore', 'moderation-estate');
    const operator = target.secrets.operatorNamespace;
    expect(store.spec.provider.kubernetes).toEqual({
      remoteNamespace: context.namespace,
      server: { url: target.infra.managementCluster.server, caProvider: { type: 'Secret', name: 'moderation-estate-reader', namespace: operator, key: 'ca.crt' } },
      auth: { token: { bearerToken: { name: 'moderation-estate-reader', namespace: operator, key: 'token' } } },
    });
    expect(store.spec.conditions).toEqual([{ namespaces: [target.namespace] }]);
    // A value published in status only (MSK's brokers) is read from the resource itself, through the
    // API server with the same reader token; no other store exists.
    const status = all.filter((o) => o.kind === 'ClusterSecretStore' && o.metadata.name === 'moderation-estate-status');
    expect(status).toHaveLength(Object.values(endpoints).some((e) => e.status) ? 1 : 0);
    for (const s of status) {
      expect(s.spec.provider.webhook).toMatchObject({
        url: `${target.infra.managementCluster.server}/{{ .remoteRef.key }}`,
        method: 'GET',
        secrets: [{ name: 'reader', secretRef: { name: 'moderation-estate-reader', namespace: operator, key: 'token' } }],
      });
      expect(s.spec.provider.webhook.headers.Authorization).toBe('Bearer {{ print .reader.token }}');
      expect(s.spec.conditions).toEqual([{ namespaces: [target.namespace] }]);
    }
  });

  it('one endpoint Secret per managed service, templated from its connection Secret, with the keys consumers read and nothing else', () => {
    expect(endpointSecrets.map(producedName).sort()).toEqual(Object.keys(CONTRACT).sort());
    for (const es of endpointSecrets) {
      const service = SERVICES[producedName(es) as keyof typeof SERVICES];
      expect(es.metadata.namespace).toBe(target.namespace);
      const path = statusPath(endpoints[service], endpoints[service].namespace ?? context.namespace);
      // Another estate's Secret (a standby's replica) is read through the store of that estate's namespace.
      const store = path ? 'moderation-estate-status' : estateStoreName(context.namespace, endpoints[service].namespace ?? context.namespace);
      expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: store });
      expect(es.spec.dataFrom).toEqual([{ extract: { key: path ?? endpoints[service].connectionSecret } }]);
      // Only the templated keys reach the Secret: a password in the connection details stays in the management cluster.
      expect(es.spec.data).toBeUndefined();
      expect(producedKeys(es).sort()).toEqual([...CONTRACT[producedName(es)]!].sort());
      for (const key of producedKeys(es)) expect(es.spec.target.template.data[key]).toBe(endpoints[service].keys[key]);
    }
  });

  it('every consumer reads an endpoint Secret\'s key that its template renders, and Reloader restarts it when the Secret changes', () => {
    const reads: string[] = [];
    for (const { owner, spec } of podTemplates(objects)) {
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef;
          if (!ref || !(ref.name in CONTRACT)) continue;
          reads.push(`${owner} ${e.name}`);
          expect({ owner, env: e.name, key: ref.key, renders: CONTRACT[ref.name]!.includes(ref.key) }).toEqual({ owner, env: e.name, key: ref.key, renders: true });
        }
      }
    }
    expect(reads.length).toBeGreaterThan(0);
    for (const d of objects.filter((o) => o.kind === 'Deployment')) {
      const read = new Set(podTemplates([d]).flatMap(({ spec }) => [...(spec.initContainers ?? []), ...spec.containers]).flatMap((c: any) => (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name)).filter((n: string) => n in CONTRACT));
      const watched = (d.metadata.annotations?.['secret.reloader.stakater.com/reload'] ?? '').split(',');
      for (const secret of read) expect({ deployment: d.metadata.name, secret, watched: watched.includes(secret) }).toEqual({ deployment: d.metadata.name, secret, watched: true });
    }
  });

  it('no consumer carries a literal host of a managed service', () => {
    const literals = podTemplates(objects).flatMap(({ owner, spec }) =>
      [...(spec.initContainers ?? []), ...spec.containers].flatMap((c: any) => (c.env ?? []).filter((e: any) => /_(HOST|TLS_SERVER_NAME|BOOTSTRAP_SERVERS)$|^PGHOST$/.test(e.name) && typeof e.value === 'string').map((e: any) => `${owner} ${e.name}=${e.value}`)),
    );
    // What remains literal: in-cluster names (PgBouncer, the model registry's ExternalName), the restore test's own server, the object store.
    expect(literals.filter((l) => !/=(\S+\.svc\.cluster\.local|127\.0\.0\.1|s3\.[a-z0-9-]+\.amazonaws\.com|models\.[a-z0-9.-]+)$/.test(l))).toEqual([]);
  });

  it('NetworkPolicies reach the managed services at the estate\'s address ranges only, on the cloud\'s ports', () => {
    const services = ['postgres', 'redis', 'kafka'] as const;
    const ports = new Set(services.map((s) => cloud.estatePorts[s]));
    const estateCidrs = new Set(services.flatMap((s) => endpoints[s].cidrs));
    const rules = objects
      .filter((o) => o.kind === 'NetworkPolicy')
      .flatMap((p) => (p.spec.egress ?? []).map((rule: any) => ({ policy: p.metadata.name, rule })))
      .filter(({ rule }) => (rule.ports ?? []).some((p: any) => ports.has(p.port)) && (rule.to ?? []).some((t: any) => t.ipBlock));
    expect(rules.length).toBeGreaterThan(0);
    for (const { policy, rule } of rules) {
      const cidrs = rule.to.map((t: any) => t.ipBlock.cidr);
      expect({ policy, outside: cidrs.filter((c: string) => !estateCidrs.has(c)) }).toEqual({ policy, outside: [] });
    }
    // Each service's consumers get exactly its ranges on its port.
    for (const service of services) {
      const matching = rules.filter(({ rule }) => rule.ports.some((p: any) => p.port === cloud.estatePorts[service]));
      for (const { rule } of matching) expect(rule.to.map((t: any) => t.ipBlock.cidr)).toEqual(expect.arrayContaining([...endpoints[service].cidrs]));
    }
  });
});

describe('an overlay that still types an endpoint', () => {
  it('is told the estate provides it, field by field', () => {
    expect(
      configProblems('eks-staging', (input: any) => {
        input.backingServices.kafka = { brokers: ['b-1.example.com'], port: 9096, cidrs: ['10.0.0.0/16'] };
        input.backups.objectStore.bucket = 'moderation-staging-db-backups';
        input.pooler = { database: { size: 'db.t4g.medium' } };
      }),
    ).toEqual([
      'backingServices.kafka: is created by the cloud estate (charts/infra), which publishes its endpoint: remove it; the platform reads it from Secret "kafka-endpoint"',
      'backups.objectStore.bucket: is created and named by the cloud estate (charts/infra: `<cluster>-<cloud>-db-backups`): remove it, the backup jobs write to that bucket',
      'pooler.database.size: is read from infra.postgres.size, the size the estate gives the database: remove it here',
    ]);
  });

  it('needs the management cluster\'s API server, over https', () => {
    expect(configProblems('doks-staging', (input: any) => (input.infra.managementCluster = { server: 'http://management.example.com' }))).toEqual([
      'infra.managementCluster.server: must be the API server\'s https:// URL, such as "https://management.example.com:6443"',
    ]);
  });
});
