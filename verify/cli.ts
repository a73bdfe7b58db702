/**
 * `npm run verify -- --target <name>`: is every object we meant to deploy there, unchanged and healthy?
 * Exit 0: yes. Exit 1: no (details on stdout). Exit 2: the verifier could not do its job (one line on
 * stderr: bad arguments, unreadable manifests or kubeconfig, cluster unreachable, credentials refused).
 * The table and the --wait progress line fit the terminal: its width, or off a terminal $COLUMNS, else
 * DEFAULT_WIDTH columns.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { parseDuration, formatDuration } from '../core/duration';
import { ManifestError } from '../core/manifests';
import { VerifierError } from './errors';
import { renderJson } from './report/json';
import { renderJunit } from './report/junit';
import { summaryLine } from './report/summary';
import { renderTable } from './report/table';
import { count, truncate } from './report/text';
import { Summary, VerifyResult } from './types';
import { verify, VerifyOptions } from './verify';

export const EXIT_OK = 0;
export const EXIT_NOT_OK = 1;
export const EXIT_CANNOT_VERIFY = 2;

/** Shown after the options by --help. */
const EXIT_CODES_HELP = `
Exit codes:
  ${EXIT_OK}  all objects healthy and in sync
  ${EXIT_NOT_OK}  some object not healthy, missing or drifted
  ${EXIT_CANNOT_VERIFY}  could not verify (bad arguments, manifests, kubeconfig or cluster access)`;

/** Defaults of the options that have one, written as the option accepts them (--help shows them so). */
const DEFAULTS = { wait: '0', timeout: '30s', pollInterval: '5s', concurrency: '8', retries: '4' } as const;

/** Width assumed off a terminal when COLUMNS is not set. */
export const DEFAULT_WIDTH = 100;

/** Moves to the start of the terminal line and clears it. */
const CLEAR_LINE = '\r\x1b[2K';

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

/** An option whose value `parse` reads; its default is `defaultText` read the same way, and shown as written. */
function parsedOption<T>(flags: string, description: string, parse: (value: string) => T, defaultText: string): Option {
  return new Option(flags, description).argParser(parse).default(parse(defaultText), defaultText);
}

function buildProgram(): Command {
  return new Command('verify')
    .description('Check that the synthesized manifests are what runs in the cluster, unchanged and healthy (read-only).')
    .addOption(new Option('-t, --target <name>', 'verify dist/<name>/, as rendered by npm run synth').conflicts('manifests'))
    .addOption(new Option('-m, --manifests <path>', 'verify the rendered YAML in this file or directory'))
    .option('--kubeconfig <path>', 'kubeconfig file; without it, $KUBECONFIG, then ~/.kube/config')
    .option('--context <name>', 'kubeconfig context; without it, the current context')
    .addOption(new Option('-o, --output <format>', 'report format; without it, table on a terminal, json otherwise').choices(['table', 'json', 'junit']))
    .addOption(parsedOption('-w, --wait <duration>', 'poll until everything is healthy and unchanged, up to this long (e.g. 10m)', duration, DEFAULTS.wait))
    .addOption(parsedOption('--timeout <duration>', 'timeout of each request to the API server', duration, DEFAULTS.timeout))
    .option('-n, --namespace <name...>', 'verify only objects in these namespaces (repeatable)')
    .addOption(parsedOption('--poll-interval <duration>', 'pause between passes with --wait', duration, DEFAULTS.pollInterval))
    .addOption(parsedOption('--concurrency <n>', 'concurrent requests to the API server', positiveInt, DEFAULTS.concurrency))
    .addOption(parsedOption('--retries <n>', 'retries of a request after 429, 5xx or a timeout', nonNegativeInt, DEFAULTS.retries))
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', EXIT_CODES_HELP)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text.split('\n')[0] + '\n'), outputError: () => undefined });
}

/** The options of a command line; throws a CommanderError for bad arguments, and after --help. */
export function parseArgs(argv: string[]): CliOptions {
  return buildProgram().parse(argv, { from: 'user' }).opts<CliOptions>();
}

export function render(result: VerifyResult, format: OutputFormat, color: boolean): string {
  switch (format) {
    case 'json':
      return renderJson(result);
    case 'junit':
      return renderJunit(result);
    default:
      return renderTable(result, { color, width: terminalWidth(process.stdout) });
  }
}

/** A terminal, or a stream that is not one (a pipe, a file); stdout, stderr, or a stand-in in tests. */
export interface OutputStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** Columns to fit output to: the terminal's width; off a terminal $COLUMNS, else DEFAULT_WIDTH. */
export function terminalWidth(stream: Pick<OutputStream, 'isTTY' | 'columns'>, env: NodeJS.ProcessEnv = process.env): number {
  if (stream.isTTY && stream.columns && stream.columns > 0) return stream.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_WIDTH;
}

/**
 * Progress while waiting, on `stream` (stderr). On a terminal, one line rewritten in place each pass
 * and cut to the terminal's width (a wrapped line could not be rewritten), ended on the last pass;
 * otherwise one line per pass. A pass that fails as a whole gets a line of its own.
 */
export function progressReporter(stream: OutputStream): Pick<VerifyOptions, 'onPass' | 'onPassError'> {
  const tty = Boolean(stream.isTTY);
  // One column short of the width: a line filling the last column makes some terminals wrap.
  const fit = (line: string): string => truncate(line, terminalWidth(stream) - 1);
  return {
    onPass: (result, pass) => {
      const last = pass.remainingMs === 0;
      const state = result.ok ? 'all healthy' : last ? 'out of time' : `waiting, ${formatDuration(pass.remainingMs)} left`;
      const line = `[pass ${pass.pass}, ${formatDuration(pass.elapsedMs)}] ${summaryLine(result.summary)} — ${state}`;
      stream.write(tty ? `${CLEAR_LINE}${fit(line)}${last ? '\n' : ''}` : `${line}\n`);
    },
    onPassError: (error, pass) => {
      const line = `[pass ${pass.pass}, ${formatDuration(pass.elapsedMs)}] ${error.message} — still waiting, ${formatDuration(pass.remainingMs)} left`;
      stream.write(`${tty ? CLEAR_LINE : ''}${line}\n`);
    },
  };
}

/** The last line when --wait ran out: how long it waited, and how many objects are still not right. */
export function gaveUpMessage(waitMs: number, summary: Summary): string {
  const problems = [
    { n: summary.total - summary.healthy, what: 'not healthy' },
    { n: summary.drifted, what: 'drifted' },
  ].filter((p) => p.n > 0);
  const text = problems.map((p, i) => (i === 0 ? `${count(p.n, 'object')} still ${p.what}` : `${p.n} ${p.what}`)).join(', ');
  return `verify: gave up waiting after ${formatDuration(waitMs)}: ${text}`;
}

/** The one line on stderr for a run that could not verify: the reason, or an internal error without its stack. */
function reportFailure(error: unknown): void {
  if (error instanceof VerifierError || error instanceof ManifestError) {
    process.stderr.write(`verify: ${error.message}\n`);
    return;
  }
  process.stderr.write(`verify: internal error: ${(error as Error)?.message ?? String(error)}${process.env.VERIFY_DEBUG ? '' : ' (set VERIFY_DEBUG=1 for a stack trace)'}\n`);
  if (process.env.VERIFY_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
}

/** Runs the CLI and resolves with the exit code; writes the report to stdout and problems to stderr. */
export async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) reportFailure(error);
    else if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
    // Commander puts a suggestion ("Did you mean ...?") on a line of its own: keep the reason one line.
    else process.stderr.write(`verify: ${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`);
    return EXIT_CANNOT_VERIFY;
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
      ...(options.wait > 0 ? progressReporter(process.stderr) : {}),
    });
    process.stdout.write(render(result, format, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR));
    // verify() returns a result that is not ok only when the time to wait is up (or there was none).
    if (options.wait > 0 && !result.ok) process.stderr.write(`${gaveUpMessage(options.wait, result.summary)}\n`);
    return result.ok ? EXIT_OK : EXIT_NOT_OK;
  } catch (error) {
    reportFailure(error);
    return EXIT_CANNOT_VERIFY;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      // Exit explicitly once stdout is flushed: idle keep-alive sockets must not hold the process open.
      process.stdout.write('', () => process.exit(code));
    },
    (error) => {
      reportFailure(error);
      process.exit(EXIT_CANNOT_VERIFY);
    },
  );
}
