import type { EstateContext } from '../estate';
import { doConfig, type DoEstateConfig } from './schema';

/** The providerConfigRef of every managed resource. */
export function doProviderConfigRef(context: EstateContext) {
  return { kind: 'ProviderConfig', name: context.providerConfig };
}

/** The metadata and provider config of a managed resource named `<cluster>-<suffix>` in the estate's namespace. */
export function managed(context: EstateContext, suffix: string) {
  return { metadata: { name: context.name(suffix), namespace: context.namespace }, providerConfigRef: doProviderConfigRef(context) };
}

/** A reference to another managed resource of the estate, by its object name. */
export function ref(context: EstateContext, suffix: string) {
  return { name: context.name(suffix) };
}

/** The target's `infra.digitalocean` section, defaults applied. */
export function doSettings(context: EstateContext): DoEstateConfig {
  return doConfig(context.target.infra.digitalocean);
}

/** The longest tag DigitalOcean accepts. */
export const MAX_TAG_LENGTH = 255;

/**
 * A DigitalOcean tag from a key and a value: tags are plain strings of letters, digits, `:`, `-`
 * and `_` (at most 255), so the pair is written `key:value` and any other character becomes `_`.
 */
export function doTag(key: string, value: string): string {
  return `${key}:${value}`.replace(/[^A-Za-z0-9:_-]/g, '_').slice(0, MAX_TAG_LENGTH);
}

/** The estate's cost-allocation and ownership tags, as DigitalOcean tags (`key:value`), sorted. */
export function doTags(context: EstateContext): string[] {
  return Object.entries(context.tags)
    .map(([key, value]) => doTag(key, value))
    .sort();
}

/**
 * The tag every node of the target's cluster carries (DOKS puts a pool's tags on its Droplets): the
 * databases' firewalls trust it, so only the cluster's nodes reach them.
 */
export function nodeTag(context: EstateContext): string {
  return context.name('nodes').replace(/[^A-Za-z0-9:_-]/g, '_').slice(0, MAX_TAG_LENGTH);
}

/** The object names of the estate's resources, so references and connection Secrets agree. */
export const NAMES = {
  vpc: 'vpc',
  cluster: 'cluster',
  postgres: 'postgres',
  postgresReplica: 'postgres-replica',
  cache: 'cache',
  kafka: 'kafka',
  project: 'project',
  backups: 'backups',
  staticAssets: 'static-assets',
} as const;
