/**
 * Unknown-field detection for built-in kinds. kubernetes-models' validators come from the upstream
 * OpenAPI schemas, which (like the API server's schemas) do not set `additionalProperties: false`, so a
 * typo such as `spec.replica` passes them; the API server would drop it (or reject it with strict field
 * validation). Here the object is walked against the TypeScript interfaces kubernetes-models generates
 * from the same schemas (`I<Kind>` in `<group>/<version>/<Kind>.d.ts`), via the TypeScript checker.
 */
import * as ts from 'typescript';
import { isPlainObject } from './object-path';

const roots = new Set<string>();
let program: ts.Program | undefined;

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es5.d.ts'],
  types: [],
  strict: true,
  skipLibCheck: true,
  noEmit: true,
};

function checkerFor(dtsFile: string, preload: readonly string[]): { checker: ts.TypeChecker; source: ts.SourceFile } {
  if (!roots.has(dtsFile) || !program) {
    // Building one program for all likely roots up front is much cheaper than growing it kind by kind.
    for (const file of [...preload, dtsFile]) roots.add(file);
    program = ts.createProgram([...roots], OPTIONS, undefined, program);
  }
  const source = program.getSourceFile(dtsFile);
  if (!source) throw new Error(`k8s-fields: cannot load ${dtsFile}`);
  return { checker: program.getTypeChecker(), source };
}

/**
 * Returns the dotted paths of fields in `obj` that the interface `interfaceName` exported from `dtsFile`
 * (transitively) does not declare. Maps (`{[key: string]: T}`) accept any key; `any` stops the walk.
 * `preload` lists other .d.ts files to load into the same TypeScript program when it is (re)built.
 */
export function unknownFields(obj: unknown, dtsFile: string, interfaceName: string, preload: readonly string[] = []): string[] {
  const { checker, source } = checkerFor(dtsFile, preload);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === interfaceName);
  if (!symbol) throw new Error(`k8s-fields: ${dtsFile} does not export ${interfaceName}`);
  const found: string[] = [];
  walk(checker, checker.getDeclaredTypeOfSymbol(symbol), obj, '', found);
  return found;
}

function walk(checker: ts.TypeChecker, declared: ts.Type, value: unknown, at: string, found: string[]): void {
  if (value === null || value === undefined) return;
  const type = checker.getNonNullableType(declared);
  if ((type as { intrinsicName?: string }).intrinsicName === 'error') {
    throw new Error(`k8s-fields: unresolved type at ${at || '(root)'}; the kubernetes-models typings did not load`);
  }
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
  if (Array.isArray(value)) {
    const element = checker.isArrayType(type) ? checker.getTypeArguments(type as ts.TypeReference)[0] : undefined;
    if (element) value.forEach((item, i) => walk(checker, element, item, `${at}[${i}]`, found));
    return;
  }
  if (!isPlainObject(value)) return; // scalars: types are the runtime validator's job
  const objectType = pickObjectType(type);
  if (!objectType) return;
  const indexType = checker.getIndexTypeOfType(objectType, ts.IndexKind.String);
  for (const [key, child] of Object.entries(value)) {
    const childPath = at === '' ? key : `${at}.${key}`;
    const property = objectType.getProperty(key);
    if (property) walk(checker, checker.getTypeOfSymbol(property), child, childPath, found);
    else if (indexType) walk(checker, indexType, child, childPath, found);
    else found.push(childPath);
  }
}

/** The object type to check an object value against: the type itself or its single object member. */
function pickObjectType(type: ts.Type): ts.Type | undefined {
  if (!type.isUnion()) return type.flags & ts.TypeFlags.Object ? type : undefined;
  const objects = type.types.filter((t) => t.flags & ts.TypeFlags.Object);
  return objects.length === 1 ? objects[0] : undefined;
}
