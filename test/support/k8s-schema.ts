/**
 * Validation of built-in Kubernetes objects (core and `*.k8s.io`/apps/batch/... groups): the upstream
 * OpenAPI schema via kubernetes-models, plus an unknown-field check against client-node's model metadata.
 * The upstream schemas do not close objects (no `additionalProperties: false`), so without that check a
 * typo such as `spec.replica` would pass; the API server would drop it (or reject it in strict mode).
 */
import { isBuiltInKind, modelAttributes, modelClass, rootModelName } from './k8s-models';
import { describeObject, isPlainObject, pointerToPath } from './object-path';

interface AjvError {
  instancePath: string;
  message?: string;
  keyword: string;
}

/** client-node types with no fields to check (quantities are `string`; JSON/RawExtension are `any`). */
const LEAF_TYPES = new Set(['string', 'number', 'boolean', 'Date', 'any', 'object', 'IntOrString']);

/** Appends to `found` the dotted paths of fields in `value` that client-node type `type` does not declare. */
function collectUnknownFields(type: string, value: unknown, at: string, found: string[]): void {
  if (LEAF_TYPES.has(type) || value === null || value === undefined) return;
  const item = /^Array<(.+)>$/.exec(type)?.[1];
  if (item !== undefined) {
    if (Array.isArray(value)) value.forEach((v, i) => collectUnknownFields(item, v, `${at}[${i}]`, found));
    return;
  }
  if (!isPlainObject(value)) return; // wrong types are reported by the schema validation
  const mapValue = /^\{ \[key: string\]: (.+); \}$/.exec(type)?.[1];
  const fields = mapValue === undefined ? modelAttributes(type) : [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = at === '' ? key : `${at}.${key}`;
    const childType = mapValue ?? fields.find((f) => f.baseName === key)?.type;
    if (childType === undefined) found.push(childPath);
    else collectUnknownFields(childType, child, childPath, found);
  }
}

/** Dotted paths of the fields of a BUILT_IN_KINDS object that its kind does not declare. */
export function unknownFields(apiVersion: string, kind: string, obj: unknown): string[] {
  const found: string[] = [];
  collectUnknownFields(rootModelName(apiVersion, kind), obj, '', found);
  return found;
}

/**
 * Validates a built-in Kubernetes object. Returns the problems found (empty when valid), each prefixed
 * with the object's kind/name and the dotted path of the offending field: wrong types, missing required
 * fields, bad enum values/formats, unknown fields, and apiVersion/kind pairs that are not in BUILT_IN_KINDS.
 */
export function validateKubeObject(obj: unknown): string[] {
  const label = describeObject(obj);
  if (!isPlainObject(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return [`${label}: not a Kubernetes object (needs string apiVersion and kind)`];
  }
  const { apiVersion, kind } = obj;
  if (!isBuiltInKind(apiVersion, kind)) return [`${label}: ${apiVersion} ${kind} is not a known built-in kind (no schema)`];

  const problems: string[] = [];
  try {
    const Model = modelClass(apiVersion, kind);
    new Model(obj).validate();
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw error;
    for (const e of errors) problems.push(`${label}: ${pointerToPath(e.instancePath)}: ${e.message ?? e.keyword}`);
  }
  for (const field of unknownFields(apiVersion, kind, obj)) problems.push(`${label}: ${field}: unknown field`);
  return problems;
}
