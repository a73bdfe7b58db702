/**
 * `npm run report -- connections [--target <name>...]`: the connection budget of each target (all by
 * default) at maximum scale, as a table: what the services may open against what the poolers accept,
 * and what the poolers may open against the database's max_connections, with the headroom. The
 * numbers are the ones synthesis checks (charts/pooler/budget.ts).
 *
 * `npm run report -- retention [--target <name>...]`: how long each target keeps its logs, audit logs,
 * metrics, backups and database backups, in days (charts/compliance/retention.ts); exit 0.
 *
 * Exit 0: every budget holds. Exit 1: a budget can be exceeded (the table shows by how much). Exit 2:
 * a user error, in one line on stderr (bad arguments, an unknown target, an overlay that does not load
 * or has other config problems).
 */
import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { TargetConfigError, type Problem } from '../charts/config/problems';
import { validateTarget } from '../charts/config/validate';
import { RETENTION_SOURCES, retentionPolicy } from '../charts/compliance/retention';
import { budgetProblems, type BudgetSide, type ConnectionBudget } from '../charts/pooler/budget';
import { overlayBudget, overlayPooler } from '../charts/pooler/rules';
import { loadTargetSources, NoTargetsError, OverlayLoadError, OVERLAYS_DIR, UnknownTargetError, type TargetSource } from '../charts/targets';

export const EXIT_OK = 0;
export const EXIT_OVER_BUDGET = 1;
export const EXIT_USAGE = 2;

const EXIT_CODES_HELP = `
Exit codes:
  ${EXIT_OK}  every connection budget holds
  ${EXIT_OVER_BUDGET}  a budget can be exceeded at maximum scale
  ${EXIT_USAGE}  bad arguments, an unknown target, or an overlay with other config problems`;

/** Where the report writes; process.stdout and process.stderr, or stand-ins in tests. */
export interface Output {
  write(text: string): unknown;
}

/** A user error: reported in one line, exit 2. */
class UsageError extends Error {}

/** The budget of one overlay, or the one-line reason it has none. */
function budgetOfSource(source: TargetSource): ConnectionBudget {
  const input = source.input as Record<string, unknown>;
  const pooler = typeof input === 'object' && input !== null ? overlayPooler(input) : undefined;
  const budget = pooler ? overlayBudget(pooler) : undefined;
  const own = budget && !('path' in budget) ? budgetProblems(budget).map((p) => p.message) : [];
  try {
    validateTarget(source.name, source.input);
  } catch (error) {
    if (!(error instanceof TargetConfigError)) throw error;
    // Over budget is what the report is for; anything else has to be fixed first.
    const others = error.problems.filter((p) => !own.includes(p.message));
    if (others.length > 0) throw new UsageError(`target "${source.name}" has config problems: ${others.map((p: Problem) => `${p.path}: ${p.message}`).join('; ')}`);
  }
  if (!budget || 'path' in budget) throw new UsageError(`target "${source.name}" has no connection budget`);
  return budget;
}

/** Rows of label, how, number, padded into columns. */
function table(rows: readonly (readonly [string, string, string])[]): string {
  const width = (i: number) => Math.max(...rows.map((r) => r[i].length));
  return rows.map(([label, how, value]) => `  ${label.padEnd(width(0))}  ${how.padEnd(width(1))}  ${value.padStart(width(2))}`.trimEnd()).join('\n');
}

function sideRows(side: BudgetSide, limitLabel: string): [string, string, string][] {
  const headroom =
    side.headroom === undefined ? 'not checked' : side.headroom >= 0 ? `${side.headroom} (${Math.floor((100 * side.headroom) / side.limit!)} %)` : `OVER BY ${-side.headroom}`;
  return [
    ...side.contributors.map((c): [string, string, string] => [c.name, c.how, String(c.connections)]),
    ['total', '', String(side.demand)],
    [limitLabel, side.limitHow, side.limit === undefined ? '?' : String(side.limit)],
    ['headroom', '', headroom],
  ];
}

/** The report of one target. */
export function renderConnections(target: string, budget: ConnectionBudget): string {
  return [
    `${target}: connections at maximum scale, through ${budget.pooler}`,
    '',
    `client side: the services' pools against what ${budget.pooler} accepts`,
    table(sideRows(budget.client, `${budget.pooler} accepts`)),
    '',
    `server side: ${budget.pooler} and direct connections against the database's max_connections`,
    table(sideRows(budget.server, 'max_connections')),
    '',
  ].join('\n');
}

/** The retention of every target, in days: one row per kind of data, one column per target. */
export function renderRetention(sources: readonly TargetSource[]): string {
  const targets = sources.map((source) => {
    try {
      return { name: source.name, policy: retentionPolicy(validateTarget(source.name, source.input)) };
    } catch (error) {
      if (!(error instanceof TargetConfigError)) throw error;
      throw new UsageError(`target "${source.name}" has config problems: ${error.problems.map((p: Problem) => `${p.path}: ${p.message}`).join('; ')}`);
    }
  });
  const rows = [
    ['retention (days)', 'field', ...targets.map((t) => t.name)],
    ...RETENTION_SOURCES.map((source) => [source.title, source.field, ...targets.map((t) => String(t.policy[source.kind]))]),
  ];
  const width = (i: number) => Math.max(...rows.map((r) => r[i].length));
  return `${rows.map((r) => r.map((cell, i) => (i < 2 ? cell.padEnd(width(i)) : cell.padStart(width(i)))).join('  ').trimEnd()).join('\n')}\n`;
}

type Options = { target?: string[]; overlays: string };

function program(): Command {
  const report = new Command('report')
    .description('Reports on the deploy targets as synthesis sees them.')
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  report
    .command('connections')
    .description('The connection budget of each target at maximum scale: services to pooler, pooler to database.')
    .addOption(new Option('-t, --target <name...>', 'targets to report (default: every overlay)'))
    .addOption(new Option('--overlays <dir>', 'folder of target overlays').default(OVERLAYS_DIR, path.relative(process.cwd(), OVERLAYS_DIR) || '.'))
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  report
    .command('retention')
    .description('How long each target keeps logs, audit logs, metrics, backups and database backups, in days.')
    .addOption(new Option('-t, --target <name...>', 'targets to report (default: every overlay)'))
    .addOption(new Option('--overlays <dir>', 'folder of target overlays').default(OVERLAYS_DIR, path.relative(process.cwd(), OVERLAYS_DIR) || '.'))
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  return report;
}

/** Runs the report on `argv` (after the script name); writes to `out` and `err`, returns the exit code. */
export function runReport(argv: readonly string[], out: Output, err: Output): number {
  const command = program();
  let chosen: { report: string; options: Options } | undefined;
  for (const sub of command.commands) {
    sub.action((options: Options) => {
      chosen = { report: sub.name(), options };
    });
    sub.configureOutput({ writeOut: (text) => out.write(text), writeErr: () => undefined, outputError: () => undefined });
  }
  command.configureOutput({ writeOut: (text) => out.write(text) });
  try {
    command.parse([...argv], { from: 'user' });
    if (!chosen) return EXIT_OK; // help was shown
    const sources = loadTargetSources(chosen.options.target, path.resolve(chosen.options.overlays));
    if (chosen.report === 'retention') {
      out.write(renderRetention(sources));
      return EXIT_OK;
    }
    const reports = sources.map((source) => ({ name: source.name, budget: budgetOfSource(source) }));
    out.write(reports.map(({ name, budget }) => renderConnections(name, budget)).join('\n'));
    return reports.every(({ budget }) => budget.client.fits && budget.server.fits) ? EXIT_OK : EXIT_OVER_BUDGET;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help, or `help <command>`; a missing command is a help "error" (exit code 1) that printed nothing here.
      if (error.exitCode === 0) return EXIT_OK;
      if (error.code === 'commander.help') {
        err.write('report: name a report: connections or retention (npm run report -- connections --help)\n');
        return EXIT_USAGE;
      }
      err.write(`report: ${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`);
      return EXIT_USAGE;
    }
    if ([UsageError, UnknownTargetError, OverlayLoadError, NoTargetsError].some((type) => error instanceof type)) {
      err.write(`report: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = runReport(process.argv.slice(2), process.stdout, process.stderr);
