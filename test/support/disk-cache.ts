/**
 * A small on-disk cache under `node_modules/.cache/moderation-testkit` for derived data that is slow to
 * compute and the same across Jest workers and runs (transpiled ESM, field trees). Entries are keyed by
 * a hash of their inputs and written atomically; any I/O failure just means no caching.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const dir = path.resolve(__dirname, '../../node_modules/.cache/moderation-testkit');

/** Returns the cached value for `keyParts`, or computes, stores and returns it. */
export function cached(namespace: string, keyParts: readonly string[], compute: () => string): string {
  const file = path.join(dir, namespace, `${createHash('sha256').update(keyParts.join('\0')).digest('hex').slice(0, 32)}.txt`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // not cached yet
  }
  const value = compute();
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(tmp, value);
    fs.renameSync(tmp, file);
  } catch {
    // read-only checkout: fine, just slower
  }
  return value;
}

/** Cache-key part identifying a file's current content version (path, size, mtime). */
export function fileVersion(file: string): string {
  const stat = fs.statSync(file);
  return `${file}:${stat.size}:${stat.mtimeMs}`;
}
