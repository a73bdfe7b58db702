import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RenderedTarget } from './synthesize';

export interface PublishOptions {
  /** Remove target folders in `outdir` that no overlay renders any more (a full synthesis). */
  readonly prune: boolean;
}

/**
 * Writes rendered targets to `outdir/<target>/`. Everything is first written to a staging folder
 * beside `outdir`; each target's folder is then swapped in with a rename, so a run that fails
 * before that point leaves `outdir` exactly as it was, and readers never see a half-written target.
 */
export function publish(outdir: string, rendered: readonly RenderedTarget[], options: PublishOptions): void {
  // A full run over nothing would prune every target folder: refuse rather than delete.
  if (options.prune && rendered.length === 0) throw new Error('publish: no rendered targets; refusing to prune every target folder');
  const scratch = path.join(path.dirname(path.resolve(outdir)), '.tmp');
  fs.mkdirSync(scratch, { recursive: true });
  const staging = fs.mkdtempSync(path.join(scratch, 'synth-'));
  try {
    for (const { target, files } of rendered) {
      for (const file of files) {
        const destination = path.join(staging, 'new', target.name, file.name);
        fs.mkdirSync(path.dirname(destination), { recursive: true });
        fs.writeFileSync(destination, file.content);
      }
    }
    fs.mkdirSync(outdir, { recursive: true });
    fs.mkdirSync(path.join(staging, 'old'));
    const names = new Set(rendered.map((r) => r.target.name));
    const stale = options.prune ? fs.readdirSync(outdir).filter((entry) => !names.has(entry) && isTargetFolder(path.join(outdir, entry))) : [];
    for (const name of [...names, ...stale]) {
      const live = path.join(outdir, name);
      if (fs.existsSync(live)) fs.renameSync(live, path.join(staging, 'old', name));
      if (names.has(name)) fs.renameSync(path.join(staging, 'new', name), live);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function isTargetFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'kustomization.yaml'));
}
