/**
 * The GitHub Actions workflows of .github/workflows, as GitHub's own parser reads them
 * (`@actions/workflow-parser`: `parseWorkflow`, then `convertWorkflowTemplate`), and the delivery
 * policy every workflow is held to.
 *
 * The parser is ESM-only and imports its schema as JSON without an import attribute, which neither
 * Jest's CommonJS sandbox nor plain Node loads: it runs in a child `node --import tsx` process (tsx
 * loads the JSON), as test/core/boundaries.test.ts runs ESLint.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
export const WORKFLOWS_DIR = path.join(ROOT, '.github', 'workflows');

/** A workflow as the parser converts it: what the policy needs of it. */
export interface ParsedWorkflow {
  readonly name: string;
  /** Every error the parser reported, through its trace writer or in its context, `file (Line: n, Col: n): message`. */
  readonly errors: readonly string[];
  /** The events that trigger it, however `on:` is written. */
  readonly events: readonly string[];
  /** Per job: its id and every action or reusable workflow it uses. */
  readonly jobs: readonly { readonly id: string; readonly uses: readonly string[] }[];
}

const PARSE = `
  import { convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser';
  const files = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  const results = [];
  for (const file of files) {
    const errors = [];
    const trace = { error: (message) => errors.push(message), info() {}, verbose() {} };
    const parsed = parseWorkflow(file, trace);
    const template = parsed.value ? await convertWorkflowTemplate(parsed.context, parsed.value) : {};
    errors.push(...parsed.context.errors.getErrors().map((e) => e.message));
    results.push({
      name: file.name,
      errors: [...new Set(errors)],
      events: Object.keys(template.events ?? {}),
      jobs: (template.jobs ?? []).map((job) => ({
        id: job.id.value,
        uses: job.type === 'reusableWorkflowJob' ? [job.ref.value] : job.steps.filter((s) => s.uses).map((s) => s.uses.value),
      })),
    });
  }
  process.stdout.write(JSON.stringify(results));
`;

/** Parses workflow files (name and YAML text) with GitHub's parser, in one child process. */
export function parseWorkflows(files: readonly { name: string; content: string }[]): ParsedWorkflow[] {
  // `require` is not defined in an ES module: give the script one.
  const script = `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);\n${PARSE}`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, input: JSON.stringify(files), encoding: 'utf8' });
  return JSON.parse(out);
}

/** The repository's workflow files, sorted by name. */
export function workflowFiles(dir = WORKFLOWS_DIR): { name: string; content: string }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((name) => ({ name, content: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

/** Events a pull request, a fork's included, triggers: its jobs run code and data a contributor controls. */
const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'];

/** `owner/repo[/path]@<40 hex>`: an action or reusable workflow pinned to a commit. */
const PINNED = /^[^@\s]+@[0-9a-f]{40}$/;

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * What a workflow breaks of the delivery policy, one line each; [] when it keeps it all:
 * - actions and reusable workflows pinned to a full commit SHA, with the version in a comment
 *   (`uses: owner/repo@<40 hex> # vX.Y.Z`); local `./` ones excepted, `docker://` ones by digest;
 * - a workflow-level `permissions` that grants nothing or only reads contents, and `permissions`
 *   on every job, never `write-all`;
 * - a `timeout-minutes` on every job that runs steps;
 * - no `pull_request_target`; no secret in a workflow that pull requests trigger.
 */
export function policyProblems(workflow: ParsedWorkflow, content: string): string[] {
  const problems: string[] = [];
  const raw: Mapping = parse(content) ?? {};
  const jobs = isMapping(raw.jobs) ? raw.jobs : {};

  for (const job of workflow.jobs) {
    for (const uses of job.uses) {
      if (uses.startsWith('./')) continue;
      if (uses.startsWith('docker://')) {
        if (!/@sha256:[0-9a-f]{64}$/.test(uses)) problems.push(`job ${job.id}: uses ${uses}: pin a container image by digest (docker://image@sha256:...)`);
        continue;
      }
      if (!PINNED.test(uses)) problems.push(`job ${job.id}: uses ${uses}: pin it to a full commit SHA, not a tag or branch`);
    }
  }
  for (const [index, line] of content.split('\n').entries()) {
    const pinned = /^\s*(?:-\s+)?uses:\s*["']?([^\s"'#]+@[0-9a-f]{40})["']?\s*(#.*)?$/.exec(line);
    if (pinned && !/^#\s*v?\d+\.\d+\.\d+\b/.test(pinned[2] ?? '')) problems.push(`line ${index + 1}: uses ${pinned[1]}: say which version the SHA is in a comment (# vX.Y.Z)`);
  }

  const declared = raw.permissions;
  const readsAtMost = isMapping(declared) && Object.entries(declared).every(([scope, access]) => scope === 'contents' && access === 'read');
  if (!readsAtMost) problems.push(`workflow: permissions: ${declared === undefined ? 'missing' : JSON.stringify(declared)}: the default for every job is {} or { contents: read }`);
  for (const [id, job] of Object.entries(jobs)) {
    if (!isMapping(job)) continue;
    if (job.permissions === undefined) problems.push(`job ${id}: no permissions: say what its token may do ({} for nothing)`);
    if (job.permissions === 'write-all' || job.permissions === 'read-all') problems.push(`job ${id}: permissions: ${job.permissions}: list the scopes it needs`);
    if (job.steps !== undefined && job['timeout-minutes'] === undefined) problems.push(`job ${id}: no timeout-minutes: a hung job would hold its runner for 6 hours`);
  }

  if (workflow.events.includes('pull_request_target')) {
    problems.push("on: pull_request_target runs with this repository's token and secrets on a fork's pull request: use pull_request");
  }
  if (workflow.events.some((e) => PULL_REQUEST_EVENTS.includes(e))) {
    const usesSecrets = (value: unknown) => /\bsecrets\s*(\.|\[)/.test(JSON.stringify(value ?? null));
    if (usesSecrets(raw.env)) problems.push('workflow: env uses a secret, and pull requests trigger it');
    for (const [id, job] of Object.entries(jobs)) {
      if (!isMapping(job)) continue;
      if (usesSecrets(job) || job.secrets === 'inherit') problems.push(`job ${id}: uses a secret, and pull requests trigger it: a pull request's code must never see one`);
    }
  }
  return problems;
}
