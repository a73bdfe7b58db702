import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Every file under `dir` with its content hash, to prove a folder did not change. */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Runs the synth command as `npm run synth` does, with `args`. */
export function runSynth(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** An overlays folder holding the given raw configs as self-contained overlay files. */
export function overlaysFolder(configs: Record<string, unknown>): string {
  const dir = tempDir('overlays-');
  for (const [name, config] of Object.entries(configs)) fs.writeFileSync(path.join(dir, `${name}.ts`), `export default ${JSON.stringify(config, null, 2)};\n`);
  return dir;
}
