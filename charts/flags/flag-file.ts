import * as fs from 'node:fs';
import * as path from 'node:path';
import { MemoryStorage } from '@openfeature/flagd-core';

/**
 * A target's flag file: flagd's flag definitions (https://flagd.dev/reference/flag-definitions/),
 * checked before anything is rendered. Two layers, both must pass:
 *
 * 1. this project's checks, which name the JSON path and the reason of each mistake, including some
 *    flagd accepts at load time and only gets wrong when it evaluates: a `$ref` to no evaluator, a
 *    targeting result or fractional bucket that is not one of the flag's variants, fractional
 *    weights that do not add up to 100, an unknown field (a typo such as `defaultvariant` is ignored
 *    by flagd, so the flag would silently lose its default);
 * 2. `@openfeature/flagd-core`, the evaluation core of flagd's JavaScript in-process provider, loading
 *    the file with strict validation: flagd's own JSON schemas (flags and targeting) and its
 *    structural checks, so what passes here is what flagd loads.
 */

/** The schema every flag file names in `$schema` (editors validate against it as the file is written). */
export const FLAGD_SCHEMA_URL = 'https://flagd.dev/schema/v0/flags.json';

/** The repository's root, which flag file paths are relative to. */
export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');

/** One mistake in a flag file, at a JSON path such as `$.flags.classifier-model.defaultVariant`. */
export interface FlagFileProblem {
  readonly at: string;
  readonly message: string;
}

/** The values a flag's variants may take: all of one type. */
export type VariantValue = boolean | number | string | Readonly<Record<string, unknown>>;

/** One flag, as flagd reads it. */
export interface FlagDefinition {
  readonly state: 'ENABLED' | 'DISABLED';
  readonly variants: Readonly<Record<string, VariantValue>>;
  readonly defaultVariant: string;
  readonly targeting?: Readonly<Record<string, unknown>>;
  readonly metadata?: Readonly<Record<string, string | number | boolean>>;
}

/** A flag file's content. */
export interface FlagDefinitions {
  readonly $schema: string;
  readonly $evaluators?: Readonly<Record<string, unknown>>;
  readonly metadata?: Readonly<Record<string, string | number | boolean>>;
  readonly flags: Readonly<Record<string, FlagDefinition>>;
}

/** A flag file that passed every check: its text, served as is, and its content. */
export interface FlagFile {
  readonly file: string;
  readonly text: string;
  readonly definitions: FlagDefinitions;
}

const ROOT_FIELDS = ['$schema', '$evaluators', 'metadata', 'flags'];
const FLAG_FIELDS = ['state', 'variants', 'defaultVariant', 'targeting', 'metadata'];
const STATES = ['ENABLED', 'DISABLED'];
/** Fractional weights are written as percentages here, though flagd reads them as relative weights. */
export const FRACTIONAL_TOTAL = 100;

type Segment = string | number;

/** `['flags', 'new-ui', 'targeting', 'if', 1]` → `$.flags.new-ui.targeting.if[1]`; odd keys in brackets. */
export function jsonPath(segments: readonly Segment[]): string {
  return segments.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : /^\$?[A-Za-z_][A-Za-z0-9_-]*$/.test(s) ? `${out}.${s}` : `${out}[${JSON.stringify(s)}]`), '$');
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const list = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** JSON.parse's complaint with the line and column of its position. */
function syntaxProblem(text: string, error: Error): FlagFileProblem {
  const reason = error.message.replace(/\s*\(line \d+ column \d+\)$/, '');
  const position = /at position (\d+)/.exec(reason);
  if (!position) return { at: '$', message: `is not valid JSON: ${reason}` };
  const before = text.slice(0, Number(position[1])).split('\n');
  return { at: '$', message: `is not valid JSON: ${reason} (line ${before.length}, column ${before[before.length - 1].length + 1})` };
}

/** What a flag's targeting may resolve to, checked against its variants as the rules are walked. */
interface TargetingWalk {
  readonly flag: string;
  readonly variants: readonly string[];
  readonly evaluators: Readonly<Record<string, unknown>>;
  readonly report: (at: readonly Segment[], message: string) => void;
}

/** A result of the targeting (an `if` branch, a fractional bucket): a variant's name, null (the default variant) or a rule. */
function checkResult(value: unknown, at: readonly Segment[], walk: TargetingWalk): void {
  if (typeof value === 'string') {
    if (!walk.variants.includes(value)) walk.report(at, `"${value}" is not a variant of flag "${walk.flag}" (its variants: ${list(walk.variants)})`);
  } else if (isObject(value)) {
    checkRule(value, at, walk, true);
  } else if (value !== null) {
    walk.report(at, `a targeting result must be a variant's name or null (the default variant), not ${typeOf(value)} ${JSON.stringify(value)}`);
  }
}

/** `fractional`: an optional bucketing rule, then `[variant, weight]` buckets whose weights add up to 100. */
function checkFractional(args: unknown, at: readonly Segment[], walk: TargetingWalk): void {
  if (!Array.isArray(args) || args.length === 0) {
    walk.report(at, 'must be a list: an optional bucketing rule, then [variant, weight] buckets');
    return;
  }
  const first = isObject(args[0]) ? 1 : 0;
  if (first === 1) checkRule(args[0] as Record<string, unknown>, [...at, 0], walk, false);
  const buckets = args.slice(first);
  if (buckets.length === 0) walk.report(at, 'has no [variant, weight] bucket');
  let total = 0;
  let literal = true;
  buckets.forEach((bucket, i) => {
    const where = [...at, first + i];
    if (!Array.isArray(bucket) || bucket.length === 0 || bucket.length > 2) {
      walk.report(where, `a bucket must be [variant, weight], not ${JSON.stringify(bucket)}`);
      literal = false;
      return;
    }
    checkResult(bucket[0], [...where, 0], walk);
    const weight: unknown = bucket.length === 2 ? bucket[1] : 1;
    if (isObject(weight)) literal = false;
    else if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0) {
      walk.report([...where, 1], `a weight must be a whole number of percent, 0 or more, not ${JSON.stringify(weight)}`);
      literal = false;
    } else total += weight;
  });
  if (literal && buckets.length > 0 && total !== FRACTIONAL_TOTAL) {
    walk.report(at, `the weights add up to ${total}, not ${FRACTIONAL_TOTAL}: write them as percentages (flagd reads them as relative weights, so a forgotten counterpart silently changes every share)`);
  }
}

/**
 * Walks a JsonLogic rule. `result` says whether its value is the targeting's answer (a variant's
 * name), as the branches of a top-level `if` are, rather than an operand of a condition.
 */
function checkRule(rule: Record<string, unknown>, at: readonly Segment[], walk: TargetingWalk, result: boolean): void {
  const keys = Object.keys(rule);
  if (keys.length === 1 && keys[0] === '$ref') {
    const name = rule.$ref;
    if (typeof name !== 'string' || !Object.hasOwn(walk.evaluators, name)) {
      const known = Object.keys(walk.evaluators);
      walk.report(at, `$ref ${JSON.stringify(name)} names no evaluator in $evaluators${known.length ? ` (there: ${list(known)})` : ' (the file defines none)'}`);
      return;
    }
    const evaluator = walk.evaluators[name];
    if (isObject(evaluator)) checkRule(evaluator, ['$evaluators', name], walk, result);
    return;
  }
  if (keys.length !== 1) {
    walk.report(at, `a rule has exactly one operator, not ${keys.length ? list(keys) : 'none'}`);
    return;
  }
  const [operator] = keys;
  const args = rule[operator];
  const here = [...at, operator];
  if (operator === 'fractional') {
    if (!result) walk.report(here, 'fractional picks a variant: use it as the targeting or an `if` branch, not inside a condition');
    checkFractional(args, here, walk);
    return;
  }
  if (operator === 'if' && result) {
    if (!Array.isArray(args) || args.length < 2) {
      walk.report(here, 'must be a list: [condition, variant, (condition, variant)..., otherwise]');
      return;
    }
    args.forEach((arg, i) => {
      const branch = i % 2 === 1 || i === args.length - 1;
      if (branch) checkResult(arg, [...here, i], walk);
      else if (isObject(arg)) checkRule(arg, [...here, i], walk, false);
    });
    return;
  }
  // Any other operator: check the rules among its operands ($ref, nested fractional), not its value.
  const operands = Array.isArray(args) ? args : [args];
  operands.forEach((operand, i) => {
    if (isObject(operand)) checkRule(operand, Array.isArray(args) ? [...here, i] : here, walk, false);
  });
}

/** This project's checks of a parsed flag file (see the top of this file). */
function checkDefinitions(content: unknown, report: (at: readonly Segment[], message: string) => void): void {
  if (!isObject(content)) {
    report([], `must be a JSON object with "$schema" and "flags", not ${typeOf(content)}`);
    return;
  }
  for (const key of Object.keys(content).filter((k) => !ROOT_FIELDS.includes(k))) report([key], `unknown field; allowed: ${ROOT_FIELDS.join(', ')}`);
  if (content.$schema !== FLAGD_SCHEMA_URL) report(['$schema'], `must be "${FLAGD_SCHEMA_URL}", flagd's flag-definition schema, so editors check the file as it is written`);
  const evaluators = content.$evaluators ?? {};
  if (!isObject(evaluators)) report(['$evaluators'], 'must be an object of named rules, each referenced as { "$ref": "<name>" }');
  if (!isObject(content.flags)) {
    report(['flags'], `required: an object of flags by key, not ${typeOf(content.flags)}`);
    return;
  }
  for (const [key, flag] of Object.entries(content.flags)) {
    const at = ['flags', key];
    if (!isObject(flag)) {
      report(at, `a flag must be an object with state, variants and defaultVariant, not ${typeOf(flag)}`);
      continue;
    }
    for (const field of Object.keys(flag).filter((f) => !FLAG_FIELDS.includes(f))) report([...at, field], `unknown field; allowed: ${FLAG_FIELDS.join(', ')}`);
    if (!STATES.includes(flag.state as string)) report([...at, 'state'], `must be "ENABLED" or "DISABLED", not ${JSON.stringify(flag.state)}`);
    if (!isObject(flag.variants) || Object.keys(flag.variants).length === 0) {
      report([...at, 'variants'], 'required: at least one variant, by name');
      continue;
    }
    const values = flag.variants;
    const variants = Object.keys(values);
    const types = [...new Set(Object.values(values).map(typeOf))];
    if (types.length > 1 || !['boolean', 'number', 'string', 'object'].includes(types[0])) {
      report([...at, 'variants'], `every variant must be of one type (boolean, number, string or object); here: ${variants.map((v) => `${v}: ${typeOf(values[v])}`).join(', ')}`);
    }
    if (typeof flag.defaultVariant !== 'string') report([...at, 'defaultVariant'], `required: the variant served when no targeting rule picks one (one of ${list(variants)})`);
    else if (!variants.includes(flag.defaultVariant)) report([...at, 'defaultVariant'], `"${flag.defaultVariant}" is not one of the flag's variants (${list(variants)})`);
    if (flag.targeting === undefined) continue;
    if (!isObject(flag.targeting)) report([...at, 'targeting'], `must be a JsonLogic rule (an object), not ${typeOf(flag.targeting)}`);
    else if (Object.keys(flag.targeting).length > 0) checkRule(flag.targeting, [...at, 'targeting'], { flag: key, variants, evaluators: isObject(evaluators) ? evaluators : {}, report }, true);
  }
}

/** flagd's JSON-schema errors, most specific first: the deepest paths, without the "matches none of these" summaries. */
function schemaProblems(message: string): FlagFileProblem[] | undefined {
  const json = message.indexOf(': [');
  if (json < 0) return undefined;
  let errors: { instancePath: string; keyword: string; message: string; params?: Record<string, unknown> }[];
  try {
    errors = JSON.parse(message.slice(json + 2));
  } catch {
    return undefined;
  }
  const specific = errors.filter((e) => !['anyOf', 'oneOf', 'allOf', 'if'].includes(e.keyword));
  const depth = (e: { instancePath: string }) => e.instancePath.split('/').length;
  const deepest = Math.max(...specific.map(depth));
  const seen = new Set<string>();
  return specific
    .filter((e) => depth(e) === deepest)
    .map((e) => {
      const segments = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const at = jsonPath(segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
      if (e.params?.additionalProperty !== undefined) return { at, message: `flagd's schema: unknown operator or field "${String(e.params.additionalProperty)}"` };
      const allowed = e.params?.allowedValues ? ` (${(e.params.allowedValues as string[]).join(', ')})` : '';
      return { at, message: `flagd's schema: ${e.message}${allowed}` };
    })
    .filter((p) => !seen.has(p.at + p.message) && seen.add(p.at + p.message));
}

/** flagd's own verdict: strict validation against its schemas, then its structural checks; its warnings count. */
function flagdProblems(text: string): FlagFileProblem[] {
  const warnings: string[] = [];
  const ignore = () => undefined;
  const storage = new MemoryStorage({ error: (m: unknown) => warnings.push(String(m)), warn: (m: unknown) => warnings.push(String(m)), info: ignore, debug: ignore });
  try {
    storage.setConfigurations(text, true);
  } catch (error) {
    const { message, cause } = error as Error & { cause?: Error };
    return schemaProblems(message) ?? [{ at: '$', message: `flagd refuses it: ${cause?.message ?? message}` }];
  }
  return warnings.map((w) => {
    const flag = /flag '([^']+)'/.exec(w)?.[1];
    return { at: flag ? jsonPath(['flags', flag]) : '$', message: `flagd: ${w}` };
  });
}

/** Every mistake in a flag file's text; none when flagd would load it as intended. */
export function checkFlagText(text: string): FlagFileProblem[] {
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    return [syntaxProblem(text, error as Error)];
  }
  const problems: FlagFileProblem[] = [];
  const seen = new Set<string>();
  checkDefinitions(content, (at, message) => {
    // An evaluator referenced by several flags is reported once.
    const problem = { at: jsonPath(at), message };
    if (!seen.has(`${problem.at} ${message}`)) problems.push(problem);
    seen.add(`${problem.at} ${message}`);
  });
  // flagd's verdict where ours found nothing: its schema errors are many lines for one mistake.
  return problems.length > 0 ? problems : flagdProblems(text);
}

/** Reads a flag file by its path from the repository's root: its text, or why it cannot be read. */
export function readFlagFile(file: string, root = REPOSITORY_ROOT): { readonly text: string } | { readonly missing: string } {
  const full = path.resolve(root, file);
  if (!fs.existsSync(full)) return { missing: `${file} does not exist: create it (copy another target's and edit its flags), or point flags.file at the target's flag file` };
  return { text: fs.readFileSync(full, 'utf8') };
}

/** A target's flag file, checked; throws when it is missing or wrong (the rules report that first, with each mistake). */
export function loadFlagFile(file: string, root = REPOSITORY_ROOT): FlagFile {
  const read = readFlagFile(file, root);
  if ('missing' in read) throw new Error(read.missing);
  const problems = checkFlagText(read.text);
  if (problems.length > 0) throw new Error(`${file}: ${problems.map((p) => `${p.at}: ${p.message}`).join('; ')}`);
  return { file, text: read.text, definitions: JSON.parse(read.text) as FlagDefinitions };
}
