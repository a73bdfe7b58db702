import type { KubeObject } from '../../../core/object';
import { groupKind } from '../../support/estate';

/** The estate's objects of one `<group>/<Kind>`. */
export const ofKind = (objects: readonly KubeObject[], kind: string) => objects.filter((o) => groupKind(o) === kind);

/** The one object of a kind and name. */
export function one(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = ofKind(objects, kind).filter((o) => o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} "${name}", found ${found.length}`);
  return found[0];
}

/** An object's `spec.forProvider`, loosely typed for assertions. */
export const forProvider = (o: KubeObject): any => (o.spec as { forProvider: unknown }).forProvider;
