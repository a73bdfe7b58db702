/** What every target's cloud estate must be, whatever its cloud: complete references, no data lost by accident, tags, no plaintext. */
import { cloudProfile } from '../../charts/cloud';
import { findCrd } from '../support/crd-index';
import { estateObjects, groupKind } from '../support/estate';
import { configProblems } from '../support/overlay';
import { renderedTarget, TARGET_NAMES } from '../support/render';
import type { KubeObject } from '../../core/object';

/** Kinds that hold data: each must be in its cloud's `statefulKinds` when a target renders it. */
const DATA_KINDS = [
  'rds.aws.m.upbound.io/Instance',
  'elasticache.aws.m.upbound.io/ReplicationGroup',
  'kafka.aws.m.upbound.io/Cluster',
  's3.aws.m.upbound.io/Bucket',
  'kms.aws.m.upbound.io/Key',
  'ecr.aws.m.upbound.io/Repository',
  'database.digitalocean.m.crossplane.io/Cluster',
  'database.digitalocean.m.crossplane.io/DB',
  'database.digitalocean.m.crossplane.io/Replica',
  'database.digitalocean.m.crossplane.io/KafkaTopic',
  'spaces.digitalocean.m.crossplane.io/Bucket',
  'container.digitalocean.m.crossplane.io/Registry',
];

/** Every `{ path, field, value }` under `value` whose key ends in Ref, Refs or Selector. */
function references(value: unknown, path = ''): { path: string; field: string; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => references(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    /(Ref|Refs|Selector)$/.test(key) ? [{ path: `${path}.${key}`, field: key, value: v }] : references(v, `${path}.${key}`),
  );
}

/** The part of an OpenAPI schema the tag check walks. */
interface Schema {
  properties?: Record<string, Schema>;
}

/** The estate objects of every other target: a reference may cross into another estate's namespace. */
const otherEstates = (name: string) => TARGET_NAMES.filter((other) => other !== name).flatMap((other) => estateObjects(other).estate);

const id = (o: KubeObject) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;

describe.each(TARGET_NAMES)('the cloud estate of %s', (name) => {
  const { target } = renderedTarget(name);
  const cloud = cloudProfile(target.cloud);
  const { bootstrap, estate } = estateObjects(name);
  const all = [...bootstrap, ...estate];
  const namespace = target.infra.namespace ?? target.name;

  it('puts every managed resource in the estate\'s namespace, with the bootstrap\'s ProviderConfig', () => {
    expect(estate.length).toBeGreaterThan(0);
    expect(estate.filter((o) => o.metadata.namespace !== namespace).map(id)).toEqual([]);
    const configs = bootstrap.filter((o) => o.kind === 'ProviderConfig').map((o) => o.metadata.name);
    const unconfigured = estate.filter((o) => !configs.includes((o.spec as { providerConfigRef?: { name: string } }).providerConfigRef?.name ?? ''));
    expect(unconfigured.map(id)).toEqual([]);
  });

  // A reference into another estate's namespace (a primary's replica in its standby's VPC) resolves there.
  it('resolves every reference and selector to an object it or another target\'s estate renders', () => {
    const problems: string[] = [];
    // Every object a reference may name, as "namespace/name", read once.
    const named = new Set([...all, ...otherEstates(name)].map((o) => `${o.metadata.namespace ?? namespace}/${o.metadata.name}`));
    for (const object of estate) {
      for (const ref of references({ forProvider: (object.spec as Record<string, unknown>).forProvider, initProvider: (object.spec as Record<string, unknown>).initProvider })) {
        if (ref.field.endsWith('SecretRef')) {
          // A Kubernetes Secret, never rendered itself (no plaintext): the provider generates it
          // (a sibling autoGenerate… flag), or a rendered object (an ExternalSecret) of its name writes it.
          const parent = ref.path.slice(0, ref.path.lastIndexOf('.')).split('.').filter(Boolean);
          const siblings = parent.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], { forProvider: (object.spec as Record<string, unknown>).forProvider, initProvider: (object.spec as Record<string, unknown>).initProvider });
          const generated = Object.entries((siblings ?? {}) as Record<string, unknown>).some(([k, v]) => k.startsWith('autoGenerate') && v === true);
          const name = (ref.value as { name: string }).name;
          const written = all.some((o) => o.metadata.name === name && (o.metadata.namespace ?? namespace) === namespace);
          if (!generated && !written) problems.push(`${id(object)}${ref.path}: no object writes the Secret "${name}" and the provider does not generate it`);
          continue;
        }
        if (ref.field.endsWith('Selector')) {
          const labels = (ref.value as { matchLabels?: Record<string, string> }).matchLabels ?? {};
          const matches = all.filter((o) => Object.entries(labels).every(([k, v]) => o.metadata.labels?.[k] === v));
          if (Object.keys(labels).length === 0 || matches.length === 0) problems.push(`${id(object)}${ref.path}: selects nothing`);
          continue;
        }
        for (const r of ref.field.endsWith('Refs') ? (ref.value as { name: string }[]) : [ref.value as { name: string; namespace?: string }]) {
          const found = named.has(`${(r as { namespace?: string }).namespace ?? namespace}/${r.name}`);
          if (!found) problems.push(`${id(object)}${ref.path}: no object "${r.name}"`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists every kind that holds data as stateful', () => {
    const rendered = new Set(estate.map(groupKind));
    expect(DATA_KINDS.filter((k) => rendered.has(k) && !cloud.estate.statefulKinds.includes(k))).toEqual([]);
  });

  if (target.environment === 'production') {
    it('never deletes data: every stateful resource is orphaned when its object is deleted', () => {
      const stateful = estate.filter((o) => cloud.estate.statefulKinds.includes(groupKind(o)));
      const deletable = stateful.filter((o) => {
        const policies = (o.spec as { managementPolicies?: string[] }).managementPolicies;
        return !policies || policies.includes('Delete') || policies.includes('*');
      });
      expect(deletable.map(id)).toEqual([]);
    });
  } else {
    it('can be destroyed on purpose: no managed resource leaves out Delete', () => {
      expect(estate.filter((o) => (o.spec as { managementPolicies?: string[] }).managementPolicies !== undefined).map(id)).toEqual([]);
    });
  }

  it('tags every taggable resource with its environment, team and cost centre', () => {
    const wanted = { 'environment': target.environment, 'team': target.owner.team, 'cost-center': target.owner.costCenter };
    const untagged = estate.filter((o) => {
      const [group, version] = o.apiVersion.split('/');
      const schema = findCrd(group, o.kind)?.spec.versions.find((v) => v.name === version)?.schema?.openAPIV3Schema as Schema | undefined;
      const tagsSchema = schema?.properties?.spec?.properties?.forProvider?.properties?.tags;
      if (!tagsSchema) return false;
      const tags = (o.spec as { forProvider: { tags?: Record<string, string> | string[] } }).forProvider.tags;
      const entries = Array.isArray(tags) ? Object.fromEntries(tags.map((t) => t.split(':', 2))) : (tags ?? {});
      return Object.entries(wanted).some(([k, v]) => entries[k] !== v);
    });
    expect(untagged.map(id)).toEqual([]);
  });

  it('holds no plaintext secret: no Secret data, no literal password', () => {
    expect(all.filter((o) => o.kind === 'Secret').map(id)).toEqual([]);
    const literal = (value: unknown, path: string): string[] => {
      if (Array.isArray(value)) return value.flatMap((v, i) => literal(v, `${path}[${i}]`));
      if (value === null || typeof value !== 'object') return [];
      return Object.entries(value).flatMap(([k, v]) => (/password|token|secret/i.test(k) && typeof v === 'string' ? [`${path}.${k}`] : literal(v, `${path}.${k}`)));
    };
    expect(estate.flatMap((o) => literal((o.spec as Record<string, unknown>).forProvider, id(o)))).toEqual([]);
  });
});

describe('infra config', () => {
  it('keeps automated backups 7–30 days', () => {
    expect(configProblems('eks-staging', (input) => (input.infra.postgres.backupRetentionDays = 5))).toEqual([
      'infra.postgres.backupRetentionDays: 5 days is outside the 7–30 days of automated backups and point-in-time recovery the platform keeps',
    ]);
    expect(configProblems('eks-staging', (input) => (input.infra.postgres.backupRetentionDays = 31))).toHaveLength(1);
    expect(configProblems('eks-staging', (input) => (input.infra.postgres.backupRetentionDays = 30))).toEqual([]);
  });

  it('requires backup copies in a second region in production', () => {
    expect(configProblems('eks-production', (input) => delete input.infra.postgres.crossRegionBackup)).toEqual([
      "infra.postgres.crossRegionBackup: production keeps copies of its database backups in a second region: set { region } to a region other than the cluster's",
    ]);
    expect(configProblems('doks-production', (input) => (input.infra.postgres.crossRegionBackup = { region: input.cluster.region }))).toEqual([
      `infra.postgres.crossRegionBackup.region: "nyc3" is the cluster's own region: a copy there does not survive the region`,
    ]);
  });

  it('runs serving on on-demand capacity, with a serving pool', () => {
    expect(configProblems('eks-staging', (input) => (input.infra.nodePools.serving.spot = true))).toEqual([
      "infra.nodePools.serving.spot: a serving pool runs on on-demand capacity: spot nodes can be reclaimed at two minutes' notice; use spot for a batch pool",
    ]);
    expect(configProblems('eks-staging', (input) => delete input.infra.nodePools.serving)).toEqual([
      'infra.nodePools: must have a pool with purpose "serving" for the web, API, inference and edge pods',
    ]);
  });

  it('refuses the other cloud\'s sub-section', () => {
    expect(configProblems('doks-staging', (input) => (input.infra.aws = {}))).toEqual(['infra.aws: is not read on DigitalOcean Kubernetes: its estate reads infra.digitalocean']);
  });
});
