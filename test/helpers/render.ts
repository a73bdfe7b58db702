import { parseAllDocuments } from 'yaml';
import type { RenderedTarget } from '../../charts/synthesize';
import { renderTargets } from '../../charts/synthesize';
import { loadTargetSources, targetNames } from '../../charts/targets';
import { overlayInput } from './overlay';

/** A rendered Kubernetes object, as plain JSON. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: any };
  [field: string]: any;
}

/** The objects of a rendered file (or several), in file order. */
export function parseObjects(yamlText: string): K8sObject[] {
  return parseAllDocuments(yamlText)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

let cache: RenderedTarget[] | undefined;

/** Every target in overlays/, rendered in memory once per test file. */
export function renderAllTargets(): RenderedTarget[] {
  cache ??= renderTargets(loadTargetSources());
  return cache;
}

/** The objects one rendered target deploys (every chart; not the Argo CD Application, not kustomizations). */
export function objectsOf(rendered: RenderedTarget): K8sObject[] {
  return rendered.files.filter((f) => !f.name.includes('/') && f.name !== 'kustomization.yaml').flatMap((f) => parseObjects(f.content));
}

/** Every object rendered for a target, including the Argo CD Application and AppProject in argocd/. */
export function allObjectsOf(rendered: RenderedTarget): K8sObject[] {
  return rendered.files.filter((f) => !f.name.endsWith('kustomization.yaml')).flatMap((f) => parseObjects(f.content));
}

/** The target names, for `describe.each`. */
export const TARGET_NAMES = targetNames();

/** The rendered target of an overlay, as committed. */
export function renderedTarget(name: string): RenderedTarget {
  const rendered = renderAllTargets().find((r) => r.target.name === name);
  if (!rendered) throw new Error(`no target ${name}`);
  return rendered;
}

/** The objects of the named target. */
export function targetObjects(name: string): K8sObject[] {
  return objectsOf(renderedTarget(name));
}

/** The one object of a kind and name; fails the test when there is not exactly one. */
export function getObject(objects: readonly K8sObject[], kind: string, name: string, namespace?: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind} "${name}", found ${found.length}`);
  return found[0];
}

/** Renders an overlay after `change` edits a copy of its config. */
export function renderVariant(name: string, change: (input: ReturnType<typeof overlayInput>) => void): { rendered: RenderedTarget; objects: K8sObject[] } {
  const input = overlayInput(name);
  change(input);
  const [rendered] = renderTargets([{ name, file: `overlays/${name}.ts`, input }]);
  return { rendered, objects: objectsOf(rendered) };
}
