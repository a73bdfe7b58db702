import type { KubeObject } from '../../core/object';

export type { KubeObject };
import { parseManifestText } from '../../core/manifests';
import type { RenderedTarget } from '../../charts/synthesize';
import { CLUSTER_FOLDERS } from '../../charts/gitops/folders';
import { renderTargets } from '../../charts/synthesize';
import { loadTargetSources, targetNames } from '../../charts/targets';
import { overlayInput, TEST_OVERLAYS_DIR } from './overlay';

/** The objects of a rendered file (or several), in file order. */
export function parseObjects(yamlText: string): KubeObject[] {
  return parseManifestText(yamlText, 'rendered YAML').map((d) => d.document as KubeObject);
}

let cache: RenderedTarget[] | undefined;

/** Every target in the test overlays (overlays/), rendered in memory once per test file. */
export function renderAllTargets(): RenderedTarget[] {
  cache ??= renderTargets(loadTargetSources(undefined, TEST_OVERLAYS_DIR));
  return cache;
}

/** The objects one rendered target deploys to its cluster: its root and platform/ folders (not the Argo CD objects, not kustomizations). */
export function objectsOf(rendered: RenderedTarget): KubeObject[] {
  const folder = (name: string) => (name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '');
  return rendered.files.filter((f) => CLUSTER_FOLDERS.includes(folder(f.name)) && !f.name.endsWith('kustomization.yaml')).flatMap((f) => parseObjects(f.content));
}

/** Every object rendered for a target, including the Argo CD Application and AppProject in argocd/. */
export function allObjectsOf(rendered: RenderedTarget): KubeObject[] {
  return rendered.files.filter((f) => !f.name.endsWith('kustomization.yaml')).flatMap((f) => parseObjects(f.content));
}

/** The target names, for `describe.each`. */
export const TARGET_NAMES = targetNames(TEST_OVERLAYS_DIR);

/** The rendered target of an overlay, as committed. */
export function renderedTarget(name: string): RenderedTarget {
  const rendered = renderAllTargets().find((r) => r.target.name === name);
  if (!rendered) throw new Error(`no target ${name}`);
  return rendered;
}

/** The objects of the named target. */
export function targetObjects(name: string): KubeObject[] {
  return objectsOf(renderedTarget(name));
}

/** The one object of a kind and name; fails the test when there is not exactly one. */
export function getObject(objects: readonly KubeObject[], kind: string, name: string, namespace?: string): KubeObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind} "${name}", found ${found.length}`);
  return found[0];
}

/** Renders an overlay after `change` edits a copy of its config. */
export function renderVariant(name: string, change: (input: ReturnType<typeof overlayInput>) => void): { rendered: RenderedTarget; objects: KubeObject[] } {
  const input = overlayInput(name);
  change(input);
  const [rendered] = renderTargets([{ name, file: `overlays/${name}.ts`, input }]);
  return { rendered, objects: objectsOf(rendered) };
}
