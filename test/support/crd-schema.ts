/**
 * Validation of custom resources against the `openAPIV3Schema` of their upstream CRD (see crd-index and
 * structural-schema for what is and is not enforced). Validators are compiled per group/version/kind on
 * first use and cached for the process.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Crd, CrdVersion, findCrd, hasCrdGroup } from './crd-index';
import { describeObject, isPlainObject, pointerToPath } from './object-path';
import { LIST_MAP_KEYWORD, toAjvSchema } from './structural-schema';
import { parseApiVersion } from '../../core/kinds';

/**
 * Go `time.Duration` strings ("1h30m", "250ms", "0") for `format: duration`. Deliberately stricter than
 * the API server's format check (which also takes "3 days"): controllers decode these fields with
 * time.ParseDuration (metav1.Duration), so anything else would fail there.
 */
const GO_DURATION = /^[-+]?(?:0|(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/;

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function getAjv(): Ajv {
  if (!ajv) {
    // unicodeRegExp off: CRD patterns are Go regexps, which allow escapes the JS `u` flag rejects.
    ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: true });
    addFormats(ajv, ['date-time', 'date', 'time', 'uri', 'uri-reference', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid', 'byte', 'regex']);
    ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    ajv.addFormat('duration', GO_DURATION);
    ajv.addKeyword({ keyword: LIST_MAP_KEYWORD, type: 'array', schemaType: 'object', errors: true, validate: uniqueMapKeys });
  }
  return ajv;
}

/** Validates `x-kubernetes-list-type: map`: no two entries may have the same key values. */
function uniqueMapKeys(this: unknown, schema: { keys: string[]; defaults: Record<string, unknown> }, data: unknown[]): boolean {
  const seen = new Set<string>();
  const errors: Partial<ErrorObject>[] = [];
  data.forEach((item, i) => {
    if (!isPlainObject(item)) return;
    const tuple = schema.keys.map((k) => `${k}=${JSON.stringify(item[k] ?? schema.defaults[k] ?? null)}`).join(',');
    if (seen.has(tuple)) errors.push({ keyword: LIST_MAP_KEYWORD, message: `duplicate entry [${i}] for key (${tuple})`, params: {} });
    seen.add(tuple);
  });
  (uniqueMapKeys as unknown as { errors: Partial<ErrorObject>[] }).errors = errors;
  return errors.length === 0;
}

/** Whether obj's apiVersion group is one defined by a CRD in the CRD directory. */
export function isCustomResource(obj: unknown): boolean {
  if (!isPlainObject(obj) || typeof obj.apiVersion !== 'string') return false;
  const { group } = parseApiVersion(obj.apiVersion);
  return group !== '' && hasCrdGroup(group);
}

/** The CRD defining obj's group and kind (whatever the version), or undefined. */
export function crdFor(obj: unknown): Crd | undefined {
  if (!isPlainObject(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return undefined;
  return findCrd(parseApiVersion(obj.apiVersion).group, obj.kind);
}

/**
 * Validates a custom resource against its CRD's schema for the object's version. Returns the problems
 * (empty when valid): unknown group/kind, unknown or unserved version, missing schema, and every schema
 * violation with its dotted path (unknown fields, wrong types, missing required fields, enums, formats...).
 */
export function validateCustomResource(obj: unknown): string[] {
  const label = describeObject(obj);
  if (!isPlainObject(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return [`${label}: not a Kubernetes object (needs string apiVersion and kind)`];
  }
  const { group, version } = parseApiVersion(obj.apiVersion);
  const crd = crdFor(obj);
  if (!crd) return [`${label}: no CRD defines kind ${obj.kind} in group "${group}"`];
  const served = crd.spec.versions.find((v) => v.name === version);
  if (!served) return [`${label}: CRD ${crd.spec.names.plural}.${group} has no version ${version}`];
  if (!served.served) return [`${label}: version ${version} of ${crd.spec.names.plural}.${group} is not served`];
  const validate = validatorFor(crd, served);
  if (validate(obj)) return [];
  return (validate.errors ?? []).map((e) => `${label}: ${formatError(e)}`);
}

function validatorFor(crd: Crd, version: CrdVersion): ValidateFunction {
  const key = `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`;
  let validate = validators.get(key);
  if (!validate) {
    const openAPIV3Schema = version.schema?.openAPIV3Schema;
    if (!openAPIV3Schema) throw new Error(`CRD ${key} has no openAPIV3Schema for version ${version.name}`);
    validate = compileCrdSchema(openAPIV3Schema);
    validators.set(key, validate);
  }
  return validate;
}

/** Compiles a CRD version's `openAPIV3Schema` (see structural-schema) into an Ajv validator. Not cached. */
export function compileCrdSchema(openAPIV3Schema: Record<string, unknown>): ValidateFunction {
  const formats = new Set<string>();
  const schema = toAjvSchema(openAPIV3Schema, formats);
  const instance = getAjv();
  for (const format of formats) if (!instance.formats[format]) instance.addFormat(format, true); // unknown formats: accept
  return instance.compile(schema);
}

/** Formats one Ajv error as `path: message` (unknown fields as `path.field: unknown field`). */
export function formatError(e: ErrorObject): string {
  const at = pointerToPath(e.instancePath);
  if (e.keyword === 'additionalProperties') {
    const field = String(e.params.additionalProperty);
    return `${at === '(root)' ? field : `${at}.${field}`}: unknown field`;
  }
  if (e.keyword === 'enum') return `${at}: ${e.message} (${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
  return `${at}: ${e.message}`;
}
