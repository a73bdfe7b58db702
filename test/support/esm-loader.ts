/**
 * A minimal loader for ESM-only packages (kubernetes-models 5 and its @kubernetes-models/* deps ship
 * `"type": "module"` with `import`-only export maps) from CommonJS code, including under Jest, which
 * cannot `require()` ES modules on Node < 24.9 without a project-wide transform.
 *
 * Each ESM file is transpiled to CommonJS with TypeScript's `transpileModule` (syntax only, no type
 * checking) and evaluated in the current realm; CommonJS files are delegated to the ambient `require`, wrapped so that
 * default/named imports see them as Node's ESM-CJS interop would (default = `module.exports`).
 * Transpiled output is cached on disk (see disk-cache): the pod-spec validators are large, and
 * transpiling the graph behind a Deployment takes seconds.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TS from 'typescript';
import { cached, fileVersion } from './disk-cache';

const cache = new Map<string, unknown>();
const CONDITIONS = ['import', 'node', 'default'];
const LOADER_VERSION = '1';

/** Loads (once) and returns the exports of the module `specifier` as imported from the file `fromFile`. */
export function importSync(specifier: string, fromFile: string): Record<string, unknown> {
  return loadFile(resolveSpecifier(specifier, path.dirname(fromFile))) as Record<string, unknown>;
}

/** Resolves a relative or bare specifier the way Node's ESM resolver would (import conditions). */
export function resolveSpecifier(specifier: string, fromDir: string): string {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) return withExtension(path.resolve(fromDir, specifier));
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = ['.', ...parts.slice(nameLength)].join('/');
  const pkgDir = findPackageDir(name, fromDir);
  const pkg = readJson(path.join(pkgDir, 'package.json'));
  if (pkg.exports !== undefined) {
    const target = resolveExports(pkg.exports, subpath);
    if (target === undefined) throw new Error(`esm-loader: "${subpath}" is not exported by ${name} (${pkgDir})`);
    return path.join(pkgDir, target);
  }
  if (subpath === '.') return withExtension(path.join(pkgDir, pkg.module ?? pkg.main ?? 'index.js'));
  return withExtension(path.join(pkgDir, subpath));
}

/** Finds the directory of package `name` as seen from `fromDir` (walking up `node_modules`, like Node). */
export function findPackageDir(name: string, fromDir: string): string {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`esm-loader: cannot find package ${name} from ${fromDir}`);
  }
}

function resolveExports(exports: unknown, subpath: string): string | undefined {
  const map = typeof exports === 'string' || Array.isArray(exports) || !Object.keys(exports as object).some((k) => k.startsWith('.'))
    ? { '.': exports }
    : (exports as Record<string, unknown>);
  if (subpath in map) return pickCondition(map[subpath], undefined);
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      return pickCondition(value, subpath.slice(prefix.length, subpath.length - suffix.length));
    }
  }
  return undefined;
}

function pickCondition(target: unknown, star: string | undefined): string | undefined {
  if (typeof target === 'string') return star === undefined ? target : target.split('*').join(star);
  if (Array.isArray(target)) {
    for (const t of target) {
      const r = pickCondition(t, star);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (target && typeof target === 'object') {
    for (const [condition, value] of Object.entries(target)) {
      if (CONDITIONS.includes(condition)) {
        const r = pickCondition(value, star);
        if (r !== undefined) return r;
      }
    }
  }
  return undefined;
}

function withExtension(file: string): string {
  for (const candidate of [file, `${file}.js`, path.join(file, 'index.js')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`esm-loader: cannot resolve ${file}`);
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function isEsm(file: string): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) return readJson(pj).type === 'module';
    if (path.dirname(dir) === dir) return false;
  }
}

/** ESM → CommonJS, syntax only. TypeScript is loaded only when something is not in the disk cache. */
function transpile(file: string): string {
  const ts = require('typescript') as typeof TS;
  return ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
}

function loadFile(file: string): unknown {
  if (cache.has(file)) return cache.get(file);
  if (!isEsm(file)) {
    const cjs = require(file);
    const interop = { ...(cjs && typeof cjs === 'object' ? cjs : {}), default: cjs, __esModule: true };
    cache.set(file, interop);
    return interop;
  }
  const module = { exports: {} as Record<string, unknown> };
  cache.set(file, module.exports); // cycles see the partially initialised exports, like CommonJS
  const compilerVersion = fileVersion(path.join(findPackageDir('typescript', __dirname), 'package.json'));
  const outputText = cached('esm', [LOADER_VERSION, compilerVersion, fileVersion(file)], () => transpile(file));
  const localRequire = (specifier: string) => importSync(specifier, file);
  new Function('exports', 'require', 'module', '__filename', '__dirname', outputText)(
    module.exports, localRequire, module, file, path.dirname(file),
  );
  cache.set(file, module.exports);
  return module.exports;
}
