/**
 * Runs the CLI as a real subprocess, with a kubeconfig for a fake server. `viaTsNode` runs it exactly as
 * `npm run verify` does; otherwise the sources are transpiled once (TypeScript's transpileModule, the
 * same transform ts-node applies) so each run does not pay ts-node's start-up again.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..', '..');
let compiledCli: string | undefined;

/** Transpiles verify/ into .tmp/ (inside the project, so node_modules resolves), once per process. */
function compileCli(): string {
  if (compiledCli) return compiledCli;
  const out = path.join(ROOT, '.tmp', `verify-cli-${process.pid}`);
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        });
        const target = path.join(out, path.relative(ROOT, file).replace(/\.ts$/, '.js'));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, outputText);
      }
    }
  };
  for (const dir of ['core', 'verify']) walk(path.join(ROOT, dir));
  compiledCli = path.join(out, 'verify', 'cli.js');
  return compiledCli;
}

/** Removes the transpiled copy (call from afterAll). */
export function cleanupCli(): void {
  if (compiledCli) fs.rmSync(path.resolve(compiledCli, '..', '..'), { recursive: true, force: true });
  compiledCli = undefined;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}, viaTsNode = false): Promise<CliRun> {
  const entry = viaTsNode ? ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'verify', 'cli.ts')] : [compileCli()];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...entry, ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: undefined, KUBECONFIG: undefined, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/**
 * A kubeconfig file with one context per (name, server, token). http:// servers get
 * insecure-skip-tls-verify (client-node requires it for plain HTTP); https:// ones the given CA.
 */
export function writeKubeconfig(contexts: { name: string; server: string; token: string; caPem?: string }[], current = contexts[0]?.name): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-kubeconfig-'));
  const file = path.join(dir, 'config');
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${current}`,
    'clusters:',
    ...contexts.flatMap((c) => [
      `- name: ${c.name}`,
      '  cluster:',
      `    server: ${c.server}`,
      c.caPem ? `    certificate-authority-data: ${Buffer.from(c.caPem).toString('base64')}` : '    insecure-skip-tls-verify: true',
    ]),
    'users:',
    ...contexts.flatMap((c) => [`- name: ${c.name}`, '  user:', `    token: ${c.token}`]),
    'contexts:',
    ...contexts.flatMap((c) => [`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, `    user: ${c.name}`]),
  ];
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
