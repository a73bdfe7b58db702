import type { KubeObject } from '../../core/object';
import { cloudProfile } from '../../charts/cloud';
import type { Target } from '../../charts/config/target';
import { estateContext, type EstateService } from '../../charts/infra/estate';
import { INFRA_FOLDERS } from '../../charts/infra/chart';
import type { RenderedTarget } from '../../charts/synthesize';
import { parseObjects, renderedTarget, renderVariant } from './render';

/** The objects of a rendered target for the management cluster: `infra-bootstrap/` and `infra/`. */
function managementObjects(rendered: RenderedTarget): { bootstrap: KubeObject[]; estate: KubeObject[] } {
  const files = rendered.files.filter((f) => !f.name.endsWith('kustomization.yaml'));
  const of = (folder: string) => files.filter((f) => f.name.startsWith(`${folder}/`)).flatMap((f) => parseObjects(f.content));
  return { bootstrap: of(INFRA_FOLDERS.bootstrap), estate: of(INFRA_FOLDERS.estate) };
}

/** The objects a target renders for the management cluster: `infra-bootstrap/` and `infra/`. */
export function estateObjects(name: string): { bootstrap: KubeObject[]; estate: KubeObject[] } {
  return managementObjects(renderedTarget(name));
}

/** `<group>/<Kind>` of an object. */
export function groupKind(object: KubeObject): string {
  return `${object.apiVersion.split('/')[0]}/${object.kind}`;
}

/** The objects of one `<group>/<Kind>` among `objects`. */
export const ofKind = (objects: readonly KubeObject[], kind: string) => objects.filter((o) => groupKind(o) === kind);

/** The one object of a `<group>/<Kind>` and name; throws when there is not exactly one. */
export function one(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = ofKind(objects, kind).filter((o) => o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} "${name}", found ${found.length}`);
  return found[0];
}

/** A managed resource's `spec.forProvider`, loosely typed for assertions. */
export const forProvider = (o: KubeObject): any => (o.spec as { forProvider: unknown }).forProvider;

/** The estate's objects of one kind (`<group>/<Kind>`). */
export function estateOf(name: string, kind: string): KubeObject[] {
  return ofKind(estateObjects(name).estate, kind);
}

/** A target rendered alone: its validated config, its objects for its own cluster, every object, and those for the management cluster. */
export interface RenderedEstate {
  readonly target: RenderedTarget['target'];
  readonly objects: KubeObject[];
  readonly all: KubeObject[];
  readonly bootstrap: KubeObject[];
  readonly estate: KubeObject[];
}

const singles = new Map<string, RenderedEstate>();

/**
 * One target rendered alone (not every target, as `renderedTarget` does), optionally after `change`
 * edits a copy of its config (as `configProblems` does). Unchanged renders are cached per test file.
 */
export function renderEstate(name: string, change?: (input: Record<string, any>) => void): RenderedEstate {
  const cached = change ? undefined : singles.get(name);
  if (cached) return cached;
  const { rendered, objects } = renderVariant(name, change ?? (() => undefined));
  const all = rendered.files.filter((f) => !f.name.endsWith('kustomization.yaml')).flatMap((f) => parseObjects(f.content));
  const result = { target: rendered.target, objects, all, ...managementObjects(rendered) };
  if (!change) singles.set(name, result);
  return result;
}

/**
 * Where a target's managed service lives, as its NetworkPolicies must see it: the address ranges the
 * estate publishes for it and the cloud's port (the host is read at run time, from its endpoint Secret).
 */
export function managedService(target: Target, service: EstateService): { cidrs: readonly string[]; port: number } {
  const cloud = cloudProfile(target.cloud);
  return { cidrs: cloud.estate.endpoints(estateContext(target, cloud))[service].cidrs, port: cloud.estatePorts[service] };
}

/** An environment variable's source that reads one key of a managed service's endpoint Secret, as written out by hand. */
export const endpointRef = (service: 'postgres' | 'redis' | 'kafka', key: string) => ({ secretKeyRef: { name: `${service}-endpoint`, key, optional: false } });
