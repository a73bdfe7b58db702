import type { KubeObject } from '../../core/object';
import { INFRA_FOLDERS } from '../../charts/infra/chart';
import { parseObjects, renderedTarget } from './render';

/** The objects a target renders for the management cluster: `infra-bootstrap/` and `infra/`. */
export function estateObjects(name: string): { bootstrap: KubeObject[]; estate: KubeObject[] } {
  const files = renderedTarget(name).files.filter((f) => !f.name.endsWith('kustomization.yaml'));
  const of = (folder: string) => files.filter((f) => f.name.startsWith(`${folder}/`)).flatMap((f) => parseObjects(f.content));
  return { bootstrap: of(INFRA_FOLDERS.bootstrap), estate: of(INFRA_FOLDERS.estate) };
}

/** `<group>/<Kind>` of an object. */
export function groupKind(object: KubeObject): string {
  return `${object.apiVersion.split('/')[0]}/${object.kind}`;
}

/** The estate's objects of one kind (`<group>/<Kind>`). */
export function estateOf(name: string, kind: string): KubeObject[] {
  return estateObjects(name).estate.filter((o) => groupKind(o) === kind);
}
