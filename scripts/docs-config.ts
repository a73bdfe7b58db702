/**
 * `npm run docs:config`: writes docs/configuration.md, the reference of every field a target overlay
 * may set, generated from the schema synthesis validates overlays with (`targetSchema`,
 * charts/config/target.ts). `--check` writes nothing and exits 1 when the file is stale.
 *
 * Sources, per field:
 * - type, required, default, allowed values, bounds and formats: the schema's JSON Schema
 *   (`z.toJSONSchema(targetSchema, { io: 'input' })`: what an overlay writes, before defaults);
 * - rules: the messages the schema's own checks report (regex, refinements, bounds), read from each
 *   zod check while the JSON Schema is built; where a check has none, the JSON Schema bound is shown;
 * - description: a JSON Schema `description` (zod `.describe()`/`.meta()`) where one is set, else the
 *   JSDoc comment on the field in the schema's source, read from the `TargetInput` type with the
 *   TypeScript compiler (zod carries a field's JSDoc into its inferred types). A JSDoc `@default`
 *   fills in defaults the schema computes (e.g. `api.<domain>`).
 *
 * Cross-field rules (charts/<feature>/rules.ts) are code, not schema, and are not listed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { z } from 'zod';
import { targetSchema } from '../charts/config/target';
import { FEATURES } from '../charts/registry';

const ROOT = path.resolve(__dirname, '..');
export const CONFIG_DOC = path.join(ROOT, 'docs', 'configuration.md');
const TARGET_MODULE = path.join(ROOT, 'charts', 'config', 'target.ts');

/** The JSON Schema subset zod emits for the target schema, plus the messages collected here. */
interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  /** Messages of the zod checks on this field (added by `messagesOf`). */
  'x-messages'?: string[];
}

/** A field's JSDoc in the schema source: its text and its `@default` tag. */
interface FieldDoc {
  readonly text: string;
  readonly defaultTag?: string;
}

/** One row of a reference table. */
interface Row {
  readonly path: string;
  readonly type: string;
  readonly required: string;
  readonly default: string;
  readonly description: string;
}

/** Largest safe integer: zod's bound on every `.int()`, not a rule of ours. */
const SAFE_INT = Number.MAX_SAFE_INTEGER;

/** A zod error (message, or function of the issue) as text, for a value of the right type that fails the check. */
function messageOf(error: unknown): string | undefined {
  if (typeof error === 'string') return error;
  if (typeof error !== 'function') return undefined;
  try {
    const result = error({ code: 'custom', input: '', path: [], message: '' });
    if (typeof result === 'string') return result;
    if (result && typeof result === 'object' && typeof result.message === 'string') return result.message;
  } catch {
    // An error map that needs a real issue says nothing general about the field.
  }
  return undefined;
}

/** The messages a zod schema's checks report; its own error only where it says what a valid value is. */
function messagesOf(schema: z.core.$ZodType): string[] {
  const def = schema._zod.def as { type: string; checks?: z.core.$ZodCheck[]; error?: unknown };
  const messages = (def.checks ?? []).map((check) => messageOf((check._zod.def as { error?: unknown }).error));
  // An enum or literal's message only restates its values; a message that starts "required" is about presence.
  if (!['enum', 'literal'].includes(def.type)) messages.unshift(messageOf(def.error));
  return [...new Set(messages.filter((m): m is string => m !== undefined && m !== '' && !m.startsWith('required')))];
}

/** The target schema as JSON Schema (input side), each field carrying its checks' messages. */
export function targetJsonSchema(): JsonSchema {
  return z.toJSONSchema(targetSchema, {
    io: 'input',
    override: (context) => {
      const messages = messagesOf(context.zodSchema);
      if (messages.length > 0) (context.jsonSchema as JsonSchema)['x-messages'] = messages;
    },
  }) as JsonSchema;
}

/** JSDoc of every field of `TargetInput`, by dotted path (union members merged: the first text wins). */
export function fieldDocs(): Map<string, FieldDoc> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const program = ts.createProgram([TARGET_MODULE], { ...config?.options, noEmit: true, incremental: false, types: [] });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(TARGET_MODULE)!);
  const input = module && checker.getExportsOfModule(module).find((s) => s.name === 'TargetInput');
  if (!input) throw new Error(`docs-config: no exported type TargetInput in ${path.relative(ROOT, TARGET_MODULE)}`);

  const docs = new Map<string, FieldDoc>();
  const walk = (type: ts.Type, prefix: string, depth: number): void => {
    if (depth > 8) return;
    const defined = checker.getNonNullableType(type);
    for (const member of defined.isUnion() ? defined.types : [defined]) {
      if (!(member.flags & ts.TypeFlags.Object) || checker.isArrayType(member)) continue;
      for (const property of checker.getPropertiesOfType(member)) {
        const at = prefix ? `${prefix}.${property.name}` : property.name;
        const text = ts.displayPartsToString(property.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();
        const tag = property.getJsDocTags(checker).find((t) => t.name === 'default');
        const defaultTag = tag ? ts.displayPartsToString(tag.text).replace(/\s+/g, ' ').trim() : undefined;
        if (!docs.get(at)?.text && (text || defaultTag)) docs.set(at, { text, defaultTag });
        walk(checker.getTypeOfSymbol(property), at, depth + 1);
      }
    }
  };
  walk(checker.getDeclaredTypeOfSymbol(input), '', 0);
  return docs;
}

/** Text for a Markdown table cell: `|` escaped everywhere, `<` outside code spans (GitHub would read a tag). */
function cell(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') ? part : part.replace(/</g, '&lt;')))
    .join('')
    .replace(/\|/g, '\\|');
}

const code = (value: unknown): string => `\`${typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value)}\``;

/** Members of a union: `oneOf` (discriminated) or `anyOf`. */
const alternatives = (schema: JsonSchema): JsonSchema[] | undefined => schema.oneOf ?? schema.anyOf;

/** The property all members of a union fix to a constant: the one that picks the member. */
function discriminator(members: JsonSchema[]): string | undefined {
  const first = members[0]?.properties ?? {};
  return Object.keys(first).find((key) => members.every((m) => m.properties?.[key]?.const !== undefined));
}

/** JSON Schema string formats, as people name them. */
const FORMATS: Readonly<Record<string, string>> = { cidrv4: 'IPv4 CIDR', cidrv6: 'IPv6 CIDR', uri: 'URL', email: 'email address', uuid: 'UUID' };

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return code(schema.const);
  if (schema.enum) return schema.enum.map(code).join(' or ');
  const members = alternatives(schema);
  if (members) {
    const key = discriminator(members);
    if (key) return `object, by \`${key}\`: ${members.map((m) => code(m.properties![key].const)).join(' or ')}`;
    return [...new Set(members.map(typeOf))].join(' or ');
  }
  switch (schema.type) {
    case 'array':
      return `list of ${schema.items ? typeOf(schema.items) : 'values'}`;
    case 'object':
      if (!schema.properties && typeof schema.additionalProperties === 'object') return `map of string to ${typeOf(schema.additionalProperties)}`;
      return 'object';
    case 'string':
      return schema.format ? `string (${FORMATS[schema.format] ?? schema.format})` : 'string';
    case undefined:
      return 'any';
    default:
      return schema.type;
  }
}

/** Bounds and formats the JSON Schema states, for fields whose checks carry no message. */
function bounds(schema: JsonSchema): string[] {
  const out: string[] = [];
  if (schema.minimum !== undefined && schema.minimum > -SAFE_INT) out.push(`at least ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) out.push(`greater than ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined && schema.maximum < SAFE_INT) out.push(`at most ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined) out.push(`less than ${schema.exclusiveMaximum}`);
  if (schema.minLength !== undefined) out.push(`at least ${schema.minLength} character${schema.minLength === 1 ? '' : 's'}`);
  if (schema.maxLength !== undefined) out.push(`at most ${schema.maxLength} characters`);
  if (schema.minItems !== undefined) out.push(`at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`);
  if (schema.maxItems !== undefined) out.push(`at most ${schema.maxItems} items`);
  if (schema.pattern !== undefined && schema.format === undefined) out.push(`matches \`${schema.pattern}\``);
  return out;
}

/** What a valid value is: the checks' messages where they have them, else the schema's bounds (items' too). */
function rulesOf(schema: JsonSchema): string[] {
  const own = schema['x-messages'] ?? [];
  const rules = own.length > 0 ? [...own] : bounds(schema);
  if (own.length > 0 && schema.minItems !== undefined && !own.some((m) => /at least one/.test(m))) rules.unshift(...bounds({ minItems: schema.minItems }));
  if (schema.items) rules.push(...rulesOf(schema.items).map((r) => `each: ${r}`));
  const members = alternatives(schema);
  if (members && !discriminator(members) && own.length === 0) rules.push(...members.flatMap(rulesOf));
  if (typeof schema.additionalProperties === 'object') rules.push(...rulesOf(schema.additionalProperties).map((r) => (r.startsWith('each value: ') ? r : `each value: ${r}`)));
  return [...new Set(rules)];
}

function defaultOf(schema: JsonSchema, doc: FieldDoc | undefined): string {
  if (schema.default !== undefined) {
    if (schema.type === 'object' && typeof schema.default === 'object' && schema.default !== null && Object.keys(schema.default).length === 0) return 'each field\'s default';
    return code(schema.default);
  }
  return doc?.defaultTag ?? '';
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' || /[.!?:]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function describe(schema: JsonSchema, doc: FieldDoc | undefined): string {
  const text = schema.description ?? doc?.text ?? '';
  const rules = rulesOf(schema);
  return [sentence(text), rules.length > 0 ? sentence(`Rules: ${rules.join('; ')}`) : ''].filter(Boolean).join(' ');
}

/**
 * Rows for a field and everything below it. Union members that pick a shape by a constant
 * (`secrets.provider`, `verifier.subject.kind`) are merged: a field every member has alike is one row,
 * other fields name the members (`with provider "vault"`) that have them.
 */
function rowsOf(schema: JsonSchema, at: string, required: string, docs: Map<string, FieldDoc>): Row[] {
  const doc = docs.get(at);
  const rows: Row[] = [{ path: at, type: typeOf(schema), required, default: defaultOf(schema, doc), description: describe(schema, doc) }];
  const members = alternatives(schema);
  const key = members && discriminator(members);
  if (members && key) {
    const names = new Map<string, JsonSchema[]>();
    for (const member of members) for (const name of Object.keys(member.properties ?? {})) names.set(name, [...(names.get(name) ?? []), member]);
    for (const [name, having] of names) {
      const variants = having.map((member) => ({
        member,
        schema: member.properties![name],
        required: (member.required ?? []).includes(name),
        label: `${key} ${code(member.properties![key].const)}`,
      }));
      const alike = variants.every((v) => JSON.stringify([v.schema, v.required]) === JSON.stringify([variants[0].schema, variants[0].required]));
      if (name === key) {
        const merged: JsonSchema = { enum: members.map((m) => m.properties![key].const) };
        rows.push({ path: `${at}.${key}`, type: typeOf(merged), required: 'yes', default: '', description: describe(merged, docs.get(`${at}.${key}`)) || 'Picks the shape of the rest.' });
      } else if (alike && having.length === members.length) {
        rows.push(...rowsOf(variants[0].schema, `${at}.${name}`, variants[0].required ? 'yes' : 'no', docs));
      } else {
        for (const v of variants) rows.push(...rowsOf(v.schema, `${at}.${name}`, `${v.required ? 'yes' : 'no'}, with ${v.label}`, docs));
      }
    }
    return rows;
  }
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    rows.push(...rowsOf(child, `${at}.${name}`, (schema.required ?? []).includes(name) ? 'yes' : 'no', docs));
  }
  return rows;
}

function table(rows: readonly Row[]): string {
  const lines = ['| Field | Type | Required | Default | Description |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows) lines.push(`| \`${row.path}\` | ${cell(row.type)} | ${cell(row.required)} | ${cell(row.default)} | ${cell(row.description)} |`);
  return lines.join('\n');
}

/** docs/configuration.md, as `npm run docs:config` writes it. */
export function renderConfigurationReference(): string {
  const schema = targetJsonSchema();
  const docs = fieldDocs();
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const owner = new Map<string, string>();
  for (const feature of FEATURES) for (const section of Object.keys(feature.config ?? {})) owner.set(section, feature.id);
  const rowsFor = (name: string) => rowsOf(properties[name], name, required.has(name) ? 'yes' : 'no', docs);

  const identity = Object.keys(properties).filter((name) => !owner.has(name));
  const sections = FEATURES.flatMap((feature) => Object.keys(feature.config ?? {}).map((name) => ({ name, feature: feature.id })));
  const out = [
    '# Configuration reference',
    '',
    '<!-- Generated by `npm run docs:config` (scripts/docs-config.ts) from the target schema. Do not edit by hand. -->',
    '',
    'Every field a target overlay (`overlays/<target>.ts`) may set, generated from `targetSchema` in',
    '[charts/config/target.ts](../charts/config/target.ts): the target\'s identity plus the config sections',
    'of every feature in [charts/registry.ts](../charts/registry.ts). An overlay writes only what has no',
    'default or differs from it. Unknown fields are errors.',
    '',
    '- **Type** is what the overlay writes; **Default** applies when the field is left out (a default of',
    '  "each field\'s default" means the section may be omitted as a whole).',
    '- **Rules** are the schema\'s own checks, in the words synthesis reports them with. Rules that relate',
    '  fields to each other (production minimums, hosts under `domain`, the cloud\'s DNS-01 solver, image',
    '  digests in production) live in each feature\'s `rules.ts`; see [architecture](architecture.md#validation).',
    '- Regenerate with `npm run docs:config` after changing a schema; `npm test` fails while this file is stale.',
    '',
    '| Section | Feature | Required |',
    '| --- | --- | --- |',
    `| ${identity.map((name) => `\`${name}\``).join(', ')} | [target identity](#target-identity) | ${identity.filter((n) => required.has(n)).length} of ${identity.length} |`,
    ...sections.map(({ name, feature }) => `| [\`${name}\`](#${name.toLowerCase()}) | [${feature}](features/${feature}.md) | ${required.has(name) ? 'yes' : 'no'} |`),
    '',
    '## Target identity',
    '',
    'Fields every target has, whatever features it renders ([charts/config/target.ts](../charts/config/target.ts)).',
    '',
    table(identity.flatMap(rowsFor)),
    ...sections.flatMap(({ name, feature }) => [
      '',
      `## ${name}`,
      '',
      `Feature [${feature}](features/${feature}.md), schema in [charts/${feature}/](../charts/${feature}/).`,
      '',
      table(rowsFor(name)),
    ]),
    '',
  ];
  return out.join('\n');
}

function main(argv: readonly string[]): number {
  const text = renderConfigurationReference();
  const current = fs.existsSync(CONFIG_DOC) ? fs.readFileSync(CONFIG_DOC, 'utf8') : undefined;
  const relative = path.relative(process.cwd(), CONFIG_DOC);
  if (argv.includes('--check')) {
    if (current === text) return 0;
    console.error(`${relative} is stale: run npm run docs:config`);
    return 1;
  }
  if (current === text) {
    console.log(`${relative} is up to date`);
    return 0;
  }
  fs.mkdirSync(path.dirname(CONFIG_DOC), { recursive: true });
  fs.writeFileSync(CONFIG_DOC, text);
  console.log(`wrote ${relative}`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
