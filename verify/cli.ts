/**
 * `npm run verify -- --target <name>`: is every object we meant to deploy there, unchanged and healthy?
 * Exit 0: yes. Exit 1: no (details on stdout). Exit 2: the verifier could not do its job (one line on
 * stderr: bad arguments, unreadable manifests or kubeconfig, cluster unreachable, credentials refused).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { parseDuration, formatDuration } from '../core/duration';
import { ManifestError } from '../core/manifests';
import { VerifierError } from './errors';
import { renderJson } from './report/json';
import { renderJunit } from './report/junit';
import { summaryLine } from './report/summary';
import { renderTable } from './report/table';
import { VerifyResult } from './types';
import { PassInfo, verify } from './verify';

export const EXIT_OK = 0;
export const EXIT_NOT_OK = 1;
export const EXIT_CANNOT_VERIFY = 2;

type OutputFormat = 'table' | 'json' | 'junit';

interface CliOptions {
  target?: string;
  manifests?: string;
  kubeconfig?: string;
  context?: string;
  output?: OutputFormat;
  wait: number;
  timeout: number;
  namespace?: string[];
  concurrency: number;
  pollInterval: number;
  retries: number;
}

const duration = (value: string): number => {
  try {
    return parseDuration(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

const positiveInt = (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return Number(value);
};

const nonNegativeInt = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a non-negative integer, got "${value}"`);
  return Number(value);
};

function buildProgram(): Command {
  return new Command('verify')
    .description('Check that the synthesized manifests are what runs in the cluster, unchanged and healthy (read-only).')
    .addOption(new Option('-t, --target <name>', 'verify dist/<name>/').conflicts('manifests'))
    .addOption(new Option('-m, --manifests <path>', 'verify the rendered YAML in this file or directory'))
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .addOption(new Option('-o, --output <format>', 'report format (default: table on a terminal, json otherwise)').choices(['table', 'json', 'junit']))
    .option('-w, --wait <duration>', 'poll until everything is healthy and unchanged, up to this long (e.g. 10m)', duration, 0)
    .option('--timeout <duration>', 'timeout of each request to the API server', duration, 30_000)
    .option('-n, --namespace <name...>', 'verify only objects in these namespaces (repeatable)')
    .option('--poll-interval <duration>', 'pause between passes with --wait', duration, 5_000)
    .option('--concurrency <n>', 'concurrent requests to the API server', positiveInt, 8)
    .option('--retries <n>', 'retries of a request after 429, 5xx or a timeout', nonNegativeInt, 4)
    .helpOption('-h, --help', 'show this help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text.split('\n')[0] + '\n'), outputError: () => undefined });
}

export function render(result: VerifyResult, format: OutputFormat, color: boolean): string {
  switch (format) {
    case 'json':
      return renderJson(result);
    case 'junit':
      return renderJunit(result);
    default:
      return renderTable(result, { color, width: process.stdout.isTTY ? process.stdout.columns : undefined });
  }
}

/** Progress while waiting: an updating line on a terminal, one line per pass otherwise; always on stderr. */
function progressReporter(waitMs: number): ((result: VerifyResult, pass: PassInfo) => void) | undefined {
  if (waitMs <= 0) return undefined;
  const tty = Boolean(process.stderr.isTTY);
  return (result, pass) => {
    const state = result.ok ? 'all healthy' : `waiting, ${formatDuration(pass.remainingMs)} left`;
    const line = `[pass ${pass.pass}, ${formatDuration(pass.elapsedMs)}] ${summaryLine(result.summary)} — ${state}`;
    if (tty) process.stderr.write(`\r\x1b[2K${line}${pass.remainingMs === 0 ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  };
}

/** Runs the CLI and resolves with the exit code; writes the report to stdout and problems to stderr. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  let options: CliOptions;
  try {
    program.parse(argv, { from: 'user' });
    options = program.opts<CliOptions>();
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
      process.stderr.write(`verify: ${error.message.replace(/^error: /, '')}\n`);
      return EXIT_CANNOT_VERIFY;
    }
    throw error;
  }
  if (!options.target && !options.manifests) {
    process.stderr.write('verify: one of --target <name> or --manifests <path> is required\n');
    return EXIT_CANNOT_VERIFY;
  }
  const format: OutputFormat = options.output ?? (process.stdout.isTTY ? 'table' : 'json');
  try {
    const result = await verify({
      target: options.target,
      manifests: options.manifests,
      kubeconfig: options.kubeconfig,
      context: options.context,
      namespaces: options.namespace,
      timeoutMs: options.timeout,
      waitMs: options.wait,
      pollIntervalMs: options.pollInterval,
      concurrency: options.concurrency,
      retries: options.retries,
      onPass: progressReporter(options.wait),
      onPassError: (error, pass) => process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}[pass ${pass.pass}, ${formatDuration(pass.elapsedMs)}] ${error.message} — still waiting, ${formatDuration(pass.remainingMs)} left\n`),
    });
    process.stdout.write(render(result, format, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR));
    return result.ok ? EXIT_OK : EXIT_NOT_OK;
  } catch (error) {
    if (error instanceof VerifierError || error instanceof ManifestError) {
      process.stderr.write(`verify: ${error.message}\n`);
    } else {
      process.stderr.write(`verify: internal error: ${(error as Error)?.message ?? String(error)}${process.env.VERIFY_DEBUG ? '' : ' (set VERIFY_DEBUG=1 for a stack trace)'}\n`);
      if (process.env.VERIFY_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
    }
    return EXIT_CANNOT_VERIFY;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      // Exit explicitly once stdout is flushed: idle keep-alive sockets must not hold the process open.
      process.stdout.write('', () => process.exit(code));
    },
    () => process.exit(EXIT_CANNOT_VERIFY),
  );
}
