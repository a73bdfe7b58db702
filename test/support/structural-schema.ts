/**
 * Converts a CRD's structural `openAPIV3Schema` (OpenAPI v3.0 dialect plus Kubernetes extensions) into a
 * JSON Schema that Ajv validates the way the API server treats a custom resource:
 *
 * - unknown fields are rejected, as pruning / strict field validation would: every object node of the
 *   structural tree that is not `x-kubernetes-preserve-unknown-fields` and has no `additionalProperties`
 *   gets `additionalProperties: false`. Nodes under allOf/anyOf/oneOf/not are value validations only and
 *   are never closed;
 * - `x-kubernetes-int-or-string` accepts an integer or a string;
 * - `x-kubernetes-embedded-resource` objects get apiVersion/kind (required) and an open `metadata`;
 * - `nullable` accepts null; boolean `exclusiveMinimum`/`exclusiveMaximum` become their draft-07 form;
 * - `x-kubernetes-list-type: set` requires unique items, `map` unique `x-kubernetes-list-map-keys` (a
 *   missing key counts as its default);
 * - root `metadata` is only checked to be an object (the server validates it as ObjectMeta).
 *
 * Not handled (documented limits): `x-kubernetes-validations` (CEL rules cannot be evaluated here; they are
 * dropped) and `pattern`s that are RE2-only syntax and
 * do not compile as JavaScript regular expressions (dropped). Descriptions and defaults are dropped too.
 */
import { isPlainObject } from './object-path';

type Schema = Record<string, unknown>;

/** Ajv keyword (registered in crd-schema) checking that list-type map entries have unique keys. */
export const LIST_MAP_KEYWORD = 'x-list-map-keys';

const COPIED = [
  'type', 'enum', 'format', 'required', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties',
] as const;

/** Converts a root `openAPIV3Schema`; `formats` collects every `format` name used (to register them). */
export function toAjvSchema(openAPIV3Schema: Schema, formats: Set<string>): Schema {
  const root = convert(openAPIV3Schema, true, formats);
  const properties = { ...(root.properties as Record<string, Schema> | undefined) };
  properties.apiVersion = { type: 'string' };
  properties.kind = { type: 'string' };
  properties.metadata = { type: 'object' };
  return { ...root, type: 'object', properties };
}

function convert(source: Schema, structural: boolean, formats: Set<string>): Schema {
  const out: Schema = {};
  for (const k of COPIED) if (source[k] !== undefined) out[k] = source[k];
  if (typeof source.format === 'string') formats.add(source.format);
  if (typeof source.pattern === 'string' && compiles(source.pattern)) out.pattern = source.pattern;
  if (source.exclusiveMinimum === true && typeof source.minimum === 'number') {
    out.exclusiveMinimum = source.minimum;
    delete out.minimum;
  }
  if (source.exclusiveMaximum === true && typeof source.maximum === 'number') {
    out.exclusiveMaximum = source.maximum;
    delete out.maximum;
  }
  if (source['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    delete out.format;
  }
  if (source['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;
  if (source['x-kubernetes-list-type'] === 'map' && Array.isArray(source['x-kubernetes-list-map-keys'])) {
    const keys = source['x-kubernetes-list-map-keys'] as string[];
    const itemProperties = (isPlainObject(source.items) && isPlainObject(source.items.properties) ? source.items.properties : {}) as Record<string, Schema>;
    const defaults = Object.fromEntries(keys.map((k) => [k, itemProperties[k]?.default]).filter(([, d]) => d !== undefined));
    out[LIST_MAP_KEYWORD] = { keys, defaults };
  }

  if (isPlainObject(source.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(source.properties).map(([name, child]) => [name, convert(child as Schema, structural, formats)]),
    );
  }
  if (isPlainObject(source.items)) out.items = convert(source.items, structural, formats);
  if (isPlainObject(source.additionalProperties)) out.additionalProperties = convert(source.additionalProperties, structural, formats);
  else if (typeof source.additionalProperties === 'boolean') out.additionalProperties = source.additionalProperties;
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(source[k])) out[k] = (source[k] as Schema[]).map((s) => convert(s, false, formats));
  }
  if (isPlainObject(source.not)) out.not = convert(source.not, false, formats);

  if (source['x-kubernetes-embedded-resource'] === true) {
    out.properties = {
      ...(out.properties as Schema | undefined),
      apiVersion: { type: 'string', minLength: 1 },
      kind: { type: 'string', minLength: 1 },
      metadata: { type: 'object' },
    };
    out.required = [...new Set([...((out.required as string[] | undefined) ?? []), 'apiVersion', 'kind'])];
  }
  const isObjectNode = out.type === 'object' || out.properties !== undefined;
  if (structural && isObjectNode && out.additionalProperties === undefined && source['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  if (source.nullable === true && out.type !== undefined) {
    out.type = [...new Set([...(Array.isArray(out.type) ? out.type : [out.type]), 'null'])];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
