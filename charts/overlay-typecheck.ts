import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
/** Where the fingerprint of the last clean check is kept, so an unchanged tree is not checked again. */
const CACHE_FILE = path.join(ROOT, '.tmp', 'overlay-typecheck.json');

/** The overlays failed to type-check; the message lists every error as `file(line,col): message`. */
export class OverlayTypeError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`overlays do not type-check (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    this.name = 'OverlayTypeError';
  }
}

/** Every `.ts` file below `dir`, sorted. */
function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).sort().map((f) => path.join(dir, f));
}

/** A hash of what the overlays' types depend on: the overlays, the data they import, the charts and the compiler options. */
function fingerprint(files: readonly string[]): string {
  const hash = createHash('sha256').update(ts.version);
  const images = path.join(ROOT, 'images');
  const data = fs.existsSync(images) ? fs.readdirSync(images).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(images, f)) : [];
  for (const file of [path.join(ROOT, 'tsconfig.json'), ...files, ...data, ...sourcesUnder(path.join(ROOT, 'charts'))]) hash.update(file).update(fs.readFileSync(file));
  return hash.digest('hex');
}

/**
 * Type-checks overlay files against the target types (`defineTarget`), as `npm test` would, so a
 * type error fails synthesis instead of only the tests (tsx strips types when it loads them). Only
 * the overlays' own diagnostics are computed; a tree unchanged since the last clean check is not
 * checked again.
 *
 * @throws OverlayTypeError listing every error, with file, line and column
 */
export function typeCheckOverlays(files: readonly string[]): void {
  if (files.length === 0) return;
  const key = fingerprint(files);
  if (fs.existsSync(CACHE_FILE) && fs.readFileSync(CACHE_FILE, 'utf8') === key) return;

  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const options: ts.CompilerOptions = { ...config?.options, noEmit: true, incremental: false, types: ['node'] };
  const program = ts.createProgram([...files], options);
  const errors = files.flatMap((file) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const name = d.file ? path.relative(process.cwd(), d.file.fileName) : path.relative(process.cwd(), file);
      return `${name}${where ? `(${where.line + 1},${where.character + 1})` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    }),
  );
  if (errors.length > 0) throw new OverlayTypeError(errors);
  fs.mkdirSync(path.dirname(CACHE_FILE), { recursive: true });
  fs.writeFileSync(CACHE_FILE, key);
}
