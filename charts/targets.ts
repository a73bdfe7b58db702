import * as fs from 'node:fs';
import * as path from 'node:path';

/** The overlays folder: one `<target>.ts` file per deploy target. */
export const OVERLAYS_DIR = path.resolve(__dirname, '..', 'overlays');

/** A target's raw config as its overlay exports it, before validation. */
export interface TargetSource {
  /** The target's name: the overlay's file name without `.ts`. */
  readonly name: string;
  readonly file: string;
  readonly input: unknown;
}

/** The names of all targets, sorted: every `overlays/*.ts` file. */
export function targetNames(dir = OVERLAYS_DIR): string[] {
  if (!fs.existsSync(dir)) throw new OverlayLoadError(dir, 'no such folder');
  const names = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
  // Never "nothing to do": a full run with no targets would prune every rendered folder.
  if (names.length === 0) throw new NoTargetsError(dir);
  return names;
}

/** Loads the named overlays (all when `names` is omitted); an unknown name is an error. */
export function loadTargetSources(names?: readonly string[], dir = OVERLAYS_DIR): TargetSource[] {
  const known = targetNames(dir);
  const unknown = (names ?? []).filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new UnknownTargetError(unknown, known);
  return (names ?? known).map((name) => {
    const file = path.resolve(dir, `${name}.ts`);
    let exported: { default?: unknown };
    try {
      exported = require(file);
    } catch (error) {
      throw new OverlayLoadError(file, error);
    }
    if (exported.default === undefined) throw new OverlayLoadError(file, 'it has no default export: end it with `export default defineTarget({ ... })`');
    return { name, file, input: exported.default };
  });
}

/** The overlays folder holds no target. */
export class NoTargetsError extends Error {
  constructor(readonly dir: string) {
    super(`no targets: ${path.relative(process.cwd(), dir) || dir} has no overlay (<target>.ts) files; add one, e.g. a copy of an existing overlay with its name changed`);
    this.name = 'NoTargetsError';
  }
}

export class UnknownTargetError extends Error {
  constructor(
    readonly unknown: readonly string[],
    readonly known: readonly string[],
  ) {
    super(`unknown target${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; the targets are: ${known.join(', ')}`);
    this.name = 'UnknownTargetError';
  }
}

/** An overlay file that does not load (a syntax error, a bad import). */
export class OverlayLoadError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    // One line: the first line of the cause, with its detail when it only announces one ("...error:").
    const lines = String((cause as Error)?.message ?? cause).split('\n').filter((l) => l.trim() !== '');
    const reason = lines[0]?.endsWith(':') && lines[1] ? `${lines[0]} ${lines[1].trim()}` : lines[0];
    super(`${path.relative(process.cwd(), file)} does not load: ${reason}`);
    this.name = 'OverlayLoadError';
  }
}
