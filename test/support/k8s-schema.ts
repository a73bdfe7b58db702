/**
 * Validation of built-in Kubernetes objects (core and `*.k8s.io`/apps/batch/... groups) against the
 * upstream OpenAPI schemas as packaged by kubernetes-models, plus an unknown-field check (see k8s-fields).
 */
import { unknownFields } from './k8s-fields';
import { builtInDtsFiles, modelClass, modelModulePath } from './k8s-models';
import { describeObject, isPlainObject, pointerToPath } from './object-path';

interface AjvError {
  instancePath: string;
  message?: string;
  keyword: string;
  params?: Record<string, unknown>;
}

/**
 * Validates a built-in Kubernetes object. Returns the problems found (empty when valid), each prefixed
 * with the object's kind/name and the dotted path of the offending field: wrong types, missing required
 * fields, bad enum values/formats, unknown fields, and apiVersion/kind pairs that are not built-in kinds.
 */
export function validateK8sObject(obj: unknown): string[] {
  const label = describeObject(obj);
  if (!isPlainObject(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return [`${label}: not a Kubernetes object (needs string apiVersion and kind)`];
  }
  const { apiVersion, kind } = obj;
  const Model = modelClass(apiVersion, kind);
  const modulePath = modelModulePath(apiVersion, kind);
  if (!Model || !modulePath) return [`${label}: ${apiVersion} ${kind} is not a known built-in kind (no schema)`];

  const problems: string[] = [];
  try {
    new Model(obj).validate();
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw error;
    for (const e of errors) problems.push(`${label}: ${pointerToPath(e.instancePath)}: ${e.message ?? e.keyword}`);
  }
  for (const field of unknownFields(obj, `${modulePath}.d.ts`, `I${kind}`, builtInDtsFiles())) {
    problems.push(`${label}: ${field}: unknown field`);
  }
  return problems;
}
