import { cloudProfile } from '../../../charts/cloud';
import { estateContext, type EstateContext } from '../../../charts/infra/estate';
import type { KubeObject } from '../../../core/object';
import { estateObjects, ofKind } from '../../support/estate';
import { renderedTarget, TARGET_NAMES } from '../../support/render';

/** The targets whose estate is DigitalOcean's. */
export const DO_TARGETS = TARGET_NAMES.filter((name) => cloudProfile(renderedTarget(name).target.cloud).estate.configKey === 'digitalocean');

/** A DigitalOcean target's estate: its context and its objects. */
export function doEstate(name: string): { context: EstateContext; bootstrap: KubeObject[]; estate: KubeObject[]; of: (kind: string) => KubeObject[] } {
  const { target } = renderedTarget(name);
  const { bootstrap, estate } = estateObjects(name);
  return { context: estateContext(target, cloudProfile(target.cloud)), bootstrap, estate, of: (kind) => ofKind(estate, kind) };
}

export { forProvider } from '../../support/estate';

/** The object named `name` among `objects`. */
export function named(objects: readonly KubeObject[], name: string): KubeObject {
  const found = objects.find((o) => o.metadata.name === name);
  if (!found) throw new Error(`no object "${name}" among ${objects.map((o) => o.metadata.name).join(', ')}`);
  return found;
}

export const KINDS = {
  dbCluster: 'database.digitalocean.m.crossplane.io/Cluster',
  firewall: 'database.digitalocean.m.crossplane.io/Firewall',
  topic: 'database.digitalocean.m.crossplane.io/KafkaTopic',
  replica: 'database.digitalocean.m.crossplane.io/Replica',
  user: 'database.digitalocean.m.crossplane.io/User',
  pool: 'database.digitalocean.m.crossplane.io/ConnectionPool',
  logsink: 'database.digitalocean.m.crossplane.io/LogSinkOpenSearch',
  k8sCluster: 'kubernetes.digitalocean.m.crossplane.io/Cluster',
  nodePool: 'kubernetes.digitalocean.m.crossplane.io/NodePool',
  bucket: 'spaces.digitalocean.m.crossplane.io/Bucket',
  cdn: 'spaces.digitalocean.m.crossplane.io/Cdn',
  registry: 'container.digitalocean.m.crossplane.io/Registry',
  check: 'uptime.digitalocean.m.crossplane.io/Check',
  uptimeAlert: 'uptime.digitalocean.m.crossplane.io/Alert',
  project: 'project.digitalocean.m.crossplane.io/Project',
} as const;
