/**
 * Unknown-field detection for built-in kinds. kubernetes-models' validators come from the upstream
 * OpenAPI schemas, which (like the API server's schemas) do not set `additionalProperties: false`, so a
 * typo such as `spec.replica` passes them; the API server would drop it (or reject it with strict field
 * validation). Here the object is walked against a "field tree" derived, with the TypeScript checker,
 * from the interfaces kubernetes-models generates from the same schemas (`I<Kind>` in
 * `<group>/<version>/<Kind>.d.ts`). The tree is plain JSON, so callers can cache it on disk.
 */
import type * as TS from 'typescript';
import { isPlainObject } from './object-path';

/** A node of the field tree: `leaf` (scalar or free-form), an array, or an object with known fields and/or a map. */
export type FieldNode = 'leaf' | { array: string } | { fields: Record<string, string>; map?: string };

/** Field nodes by id, and the root node id of each requested interface (by root key). */
export interface FieldTree {
  nodes: Record<string, FieldNode>;
  roots: Record<string, string>;
}

/** An interface to build the tree from: `interfaceName` exported by `dtsFile`, stored under `key`. */
export interface FieldRoot {
  key: string;
  dtsFile: string;
  interfaceName: string;
}

const LEAF = 'leaf';
/** Loaded on first build only: most runs read the tree from the disk cache and never need the compiler. */
let ts: typeof TS;

/** Builds the field tree of the given interfaces (one TypeScript program for all of them; ~2 s). */
export function buildFieldTree(roots: readonly FieldRoot[]): FieldTree {
  ts ??= require('typescript') as typeof TS;
  const program = ts.createProgram([...new Set(roots.map((r) => r.dtsFile))], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es5.d.ts'],
    types: [],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const tree: FieldTree = { nodes: { [LEAF]: 'leaf' }, roots: {} };
  for (const root of roots) {
    const source = program.getSourceFile(root.dtsFile);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    const symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === root.interfaceName);
    if (!symbol) throw new Error(`k8s-fields: ${root.dtsFile} does not export ${root.interfaceName}`);
    tree.roots[root.key] = nodeOf(checker, checker.getDeclaredTypeOfSymbol(symbol), tree, root.key);
  }
  return tree;
}

function nodeOf(checker: TS.TypeChecker, declared: TS.Type, tree: FieldTree, where: string): string {
  let type = checker.getNonNullableType(declared);
  if ((type as { intrinsicName?: string }).intrinsicName === 'error') {
    throw new Error(`k8s-fields: unresolved type in ${where}; the kubernetes-models typings did not load`);
  }
  if (type.isUnion()) {
    const objects = type.types.filter((t) => t.flags & ts.TypeFlags.Object);
    if (objects.length !== 1) return LEAF; // scalars, or ambiguous: types are the runtime validator's job
    type = objects[0];
  }
  if (!(type.flags & ts.TypeFlags.Object)) return LEAF; // scalars, any, unknown
  const id = `t${(type as { id?: number }).id}`;
  if (tree.nodes[id]) return id;
  if (checker.isArrayType(type)) {
    tree.nodes[id] = { array: LEAF };
    tree.nodes[id] = { array: nodeOf(checker, checker.getTypeArguments(type as TS.TypeReference)[0], tree, where) };
    return id;
  }
  const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
  const properties = checker.getPropertiesOfType(type);
  // Empty interfaces stand for schema-less upstream types (JSON, RawExtension, JSONSchemaPropsOrArray).
  if (!index && properties.length === 0) return LEAF;
  const node: { fields: Record<string, string>; map?: string } = { fields: {} };
  tree.nodes[id] = node; // before recursing: types can be recursive (JSONSchemaProps)
  for (const p of properties) node.fields[p.name] = nodeOf(checker, checker.getTypeOfSymbol(p), tree, `${where}.${p.name}`);
  if (index) node.map = nodeOf(checker, index, tree, `${where}[*]`);
  return id;
}

/**
 * Returns the dotted paths of fields in `value` that the tree's root `rootKey` does not declare
 * (transitively). Maps accept any key; leaves (scalars, free-form types) stop the walk.
 */
export function unknownFields(tree: FieldTree, rootKey: string, value: unknown): string[] {
  const root = tree.roots[rootKey];
  if (!root) throw new Error(`k8s-fields: no field tree for ${rootKey}`);
  const found: string[] = [];
  walk(tree, root, value, '', found);
  return found;
}

function walk(tree: FieldTree, id: string, value: unknown, at: string, found: string[]): void {
  const node = tree.nodes[id];
  if (node === 'leaf' || value === null || value === undefined) return;
  if ('array' in node) {
    if (Array.isArray(value)) value.forEach((item, i) => walk(tree, node.array, item, `${at}[${i}]`, found));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = at === '' ? key : `${at}.${key}`;
    const childId = Object.hasOwn(node.fields, key) ? node.fields[key] : node.map;
    if (childId === undefined) found.push(childPath);
    else walk(tree, childId, child, childPath, found);
  }
}
