import { knownKind, parseApiVersion } from '../core/kinds';
import { validateObject } from './support';
import { allObjectsOf, renderedTarget, TARGET_NAMES } from './support/render';

const RECOMMENDED = ['name', 'instance', 'version', 'component', 'part-of', 'managed-by'].map((l) => `app.kubernetes.io/${l}`);

/** Checks every synthesized object of every target, whatever chart made it. */
describe.each(TARGET_NAMES)('every object of %s (Argo CD Application included)', (targetName) => {
  const objects = allObjectsOf(renderedTarget(targetName));
  const id = (o: (typeof objects)[number]) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

  it('validates against the upstream Kubernetes schemas, or its CRD schema for custom resources', () => {
    const problems = objects.flatMap((o) => validateObject(o));
    expect(problems).toEqual([]);
  });

  it('carries the recommended, ownership and cost labels', () => {
    const missing = objects.flatMap((o) => [...RECOMMENDED, 'environment', 'team', 'cost-center'].filter((l) => !o.metadata.labels?.[l]).map((l) => `${id(o)}: ${l}`));
    expect(missing).toEqual([]);
    expect(new Set(objects.map((o) => o.metadata.labels!['app.kubernetes.io/part-of']))).toEqual(new Set(['moderation-platform']));
  });

  it('names every object explicitly, once per kind and namespace, with a namespace exactly where the kind is namespaced', () => {
    const ids = objects.map((o) => `${o.apiVersion} ${id(o)}`);
    expect(ids.filter((x, i) => ids.indexOf(x) !== i)).toEqual([]);
    for (const o of objects) {
      expect({ id: id(o), name: o.metadata.name }).toEqual({ id: id(o), name: expect.stringMatching(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/) });
      expect({ id: id(o), namespaced: o.metadata.namespace !== undefined }).toEqual({ id: id(o), namespaced: knownKind(parseApiVersion(o.apiVersion).group, o.kind)?.namespaced });
    }
  });
});
