/** Runs verify/cli.ts as a real subprocess (as `npm run verify` does), with a kubeconfig for a fake server. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'verify', 'cli.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: undefined, KUBECONFIG: undefined, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** A kubeconfig file with one context per (name, server, token); http servers need insecure-skip-tls-verify for client-node. */
export function writeKubeconfig(contexts: { name: string; server: string; token: string }[], current = contexts[0]?.name): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-kubeconfig-'));
  const file = path.join(dir, 'config');
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${current}`,
    'clusters:',
    ...contexts.flatMap((c) => [`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`, '    insecure-skip-tls-verify: true']),
    'users:',
    ...contexts.flatMap((c) => [`- name: ${c.name}`, '  user:', `    token: ${c.token}`]),
    'contexts:',
    ...contexts.flatMap((c) => [`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, `    user: ${c.name}`]),
  ];
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
