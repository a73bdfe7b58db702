/**
 * Validation of built-in Kubernetes objects (core and `*.k8s.io`/apps/batch/... groups) against the
 * upstream OpenAPI schemas as packaged by kubernetes-models, plus an unknown-field check (see k8s-fields).
 */
import { cached } from './disk-cache';
import { buildFieldTree, FieldRoot, FieldTree, unknownFields } from './k8s-fields';
import { BUILT_IN_KINDS, kubernetesModelsVersion, modelClass, modelModulePath } from './k8s-models';
import { describeObject, isPlainObject, pointerToPath } from './object-path';

interface AjvError {
  instancePath: string;
  message?: string;
  keyword: string;
}

const FIELD_TREE_FORMAT = '1';
let fieldTree: FieldTree | undefined;

/** The field tree of every kind in BUILT_IN_KINDS, built once and cached on disk. */
function builtInFieldTree(): FieldTree {
  if (!fieldTree) {
    const roots: FieldRoot[] = Object.entries(BUILT_IN_KINDS).flatMap(([apiVersion, kinds]) =>
      kinds.flatMap((kind) => {
        const modulePath = modelModulePath(apiVersion, kind);
        return modulePath ? [{ key: `${apiVersion}/${kind}`, dtsFile: `${modulePath}.d.ts`, interfaceName: `I${kind}` }] : [];
      }),
    );
    const key = [FIELD_TREE_FORMAT, kubernetesModelsVersion(), ...roots.map((r) => r.key)];
    fieldTree = JSON.parse(cached('fields', key, () => JSON.stringify(buildFieldTree(roots)))) as FieldTree;
  }
  return fieldTree;
}

/**
 * Validates a built-in Kubernetes object. Returns the problems found (empty when valid), each prefixed
 * with the object's kind/name and the dotted path of the offending field: wrong types, missing required
 * fields, bad enum values/formats, unknown fields, and apiVersion/kind pairs that are not in BUILT_IN_KINDS.
 */
export function validateK8sObject(obj: unknown): string[] {
  const label = describeObject(obj);
  if (!isPlainObject(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return [`${label}: not a Kubernetes object (needs string apiVersion and kind)`];
  }
  const { apiVersion, kind } = obj;
  const Model = modelClass(apiVersion, kind);
  if (!Model) return [`${label}: ${apiVersion} ${kind} is not a known built-in kind (no schema)`];

  const problems: string[] = [];
  try {
    new Model(obj).validate();
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw error;
    for (const e of errors) problems.push(`${label}: ${pointerToPath(e.instancePath)}: ${e.message ?? e.keyword}`);
  }
  for (const field of unknownFields(builtInFieldTree(), `${apiVersion}/${kind}`, obj)) {
    problems.push(`${label}: ${field}: unknown field`);
  }
  return problems;
}
