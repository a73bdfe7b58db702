/**
 * npm run bench:synth — how long synthesizing every target takes, against the stock path.
 *
 * Compares, in one run and on the same machine:
 *  - `npm run synth`: this project's entry point (one process, all targets);
 *  - `cdk8s synth`: the stock cdk8s-cli path (cdk8s.yaml's app, run by the CLI).
 * Each is run RUNS times as a whole process (what a developer waits for); the median is reported,
 * with the ratio. Both run the overlay type-check, which is cached while overlays and charts are
 * unchanged; one more run of `npm run synth` with that cache removed shows its cold cost. Also reports the in-process render time of all targets, without process start.
 * Target: all targets in under 3 s on a 2-core machine. A benchmark, not a test: it prints, it
 * does not fail on a slow machine.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderTargets } from '../charts/synthesize';
import { loadTargetSources } from '../charts/targets';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeCommand(label: string, command: string, args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    if (result.status !== 0) throw new Error(`${label} failed:\n${result.stdout}\n${result.stderr}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

function timeInProcess(): number {
  const sources = loadTargetSources();
  renderTargets(sources); // warm up module loading
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    renderTargets(sources);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

const targets = loadTargetSources().map((s) => s.name);
console.log(`bench:synth — ${targets.length} targets (${targets.join(', ')}), median of ${RUNS} runs\n`);
const ours = timeCommand('npm run synth', 'npm', ['run', '-s', 'synth']);
const stock = timeCommand('cdk8s synth', 'npx', ['cdk8s', 'synth', '--no-check-upgrade']);
const coldTypecheck = (() => {
  fs.rmSync(path.join(ROOT, '.tmp', 'overlay-typecheck.json'), { force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync('npm', ['run', '-s', 'synth'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run synth failed:\n${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
})();
const inProcess = timeInProcess();
const row = (label: string, ms: number) => console.log(`${label.padEnd(38)} ${(ms / 1000).toFixed(2).padStart(6)} s`);
row('npm run synth (whole process)', ours);
row('cdk8s synth via cdk8s-cli (baseline)', stock);
row('npm run synth, overlay type-check cold', coldTypecheck);
row('render all targets in process', inProcess);
console.log(`\nratio npm run synth / cdk8s synth: ${(ours / stock).toFixed(2)} (${(stock / ours).toFixed(1)}x faster)`);
console.log(`under 3 s for all targets: ${ours < 3000 ? 'yes' : 'NO'} (${(ours / 1000).toFixed(2)} s)`);
