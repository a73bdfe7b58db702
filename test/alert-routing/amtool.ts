/**
 * The real `amtool` (prometheus-alertmanager; `.ci/run` installs it) on an alertmanager.yml written to
 * a scratch folder: `check-config`, and `config routes test` for one alert's labels.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { AlertmanagerYaml } from './operator-config';

export class Amtool {
  readonly file: string;

  /** Writes `config` as alertmanager.yml in a new scratch folder. */
  constructor(config: AlertmanagerYaml) {
    this.file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alertmanager-')), 'alertmanager.yml');
    fs.writeFileSync(this.file, stringify(config));
  }

  /** Removes the scratch folder. */
  dispose(): void {
    fs.rmSync(path.dirname(this.file), { recursive: true, force: true });
  }

  /** `amtool check-config`: its output; throws with amtool's message when the file is invalid. */
  checkConfig(): string {
    return run(['check-config', this.file]);
  }

  /** `amtool config routes test`: the receivers the alert with these labels reaches, in tree order. */
  receivers(labels: Readonly<Record<string, string>>): string[] {
    const args = Object.entries(labels).map(([name, value]) => `${name}=${value}`);
    return run(['config', 'routes', 'test', `--config.file=${this.file}`, ...args]).trim().split(',');
  }
}

function run(args: string[]): string {
  try {
    return execFileSync('amtool', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('amtool is not installed: apt-get install prometheus-alertmanager (see .ci/run)');
    throw new Error(`amtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}
