/**
 * `npm run cost [-- --target <name>...] [--format table|json|markdown] [--now <date>]`: each target's
 * (all by default) estimated monthly cost at minimum and maximum scale, from its rendered workloads,
 * its `infra` config and the price data (charts/cost/prices.json); with its budget, the age of the
 * prices, right-sizing hints and what a commitment would save (docs/cost.md).
 *
 * Exit 0: every target is within its budget. Exit 1: a target's maximum-scale estimate is above its
 * budget. Exit 2: a user error, in one line on stderr (bad arguments, an unknown target, an overlay
 * with config problems, a size without a price).
 */
import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { estimateTarget } from '../charts/cost/estimate';
import { MissingPriceError, PriceDataError, priceData } from '../charts/cost/prices';
import { costObjects } from '../charts/cost/rendered';
import { FORMATS, renderReport, type Format } from '../charts/cost/report';
import { renderTargets, SynthesisError } from '../charts/synthesize';
import { loadTargetSources, NoTargetsError, OverlayLoadError, OVERLAYS_DIR, UnknownTargetError } from '../charts/targets';

export const EXIT_OK = 0;
export const EXIT_OVER_BUDGET = 1;
export const EXIT_USAGE = 2;

/** Where the report writes; process.stdout and process.stderr, or stand-ins in tests. */
export interface Output {
  write(text: string): unknown;
}

class UsageError extends Error {}

interface Options {
  target?: string[];
  format: Format;
  now?: string;
  overlays: string;
}

function program(): Command {
  return new Command('cost')
    .description("Estimated monthly cost of each target at minimum and maximum scale, against its budget.")
    .addOption(new Option('-t, --target <name...>', 'targets to estimate, repeated or comma-separated (default: every overlay)'))
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table'))
    .addOption(new Option('--now <date>', 'the date the price age is measured at, e.g. 2026-12-01 (default: today)'))
    .addOption(new Option('--overlays <dir>', 'folder of target overlays').default(OVERLAYS_DIR, path.relative(process.cwd(), OVERLAYS_DIR) || '.'))
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', `\nExit codes:\n  ${EXIT_OK}  every target is within its budget\n  ${EXIT_OVER_BUDGET}  a target's estimate at maximum scale is above its budget\n  ${EXIT_USAGE}  bad arguments, an unknown target, a config problem or a size without a price`)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });
}

function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const now = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(now.getTime())) throw new UsageError(`--now "${text}" is not a date such as 2026-12-01`);
  return now;
}

/** Runs the report on `argv` (after the script name); writes to `out` and `err`, returns the exit code. */
export function runCost(argv: readonly string[], out: Output, err: Output): number {
  const command = program();
  command.configureOutput({ writeOut: (text) => out.write(text), writeErr: () => undefined, outputError: () => undefined });
  try {
    command.parse([...argv], { from: 'user' });
    const options = command.opts<Options>();
    const now = parseNow(options.now);
    const names = options.target?.flatMap((t) => t.split(',')).map((t) => t.trim()).filter((t) => t !== '');
    const rendered = renderTargets(loadTargetSources(names, path.resolve(options.overlays)));
    const estimates = rendered.map(({ target, files }) => estimateTarget(target, costObjects(files), priceData(), now));
    out.write(renderReport(estimates, options.format));
    return estimates.some((e) => e.budget.over) ? EXIT_OVER_BUDGET : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT_OK; // --help
      err.write(`cost: ${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof SynthesisError) {
      err.write(`cost: ${error.errors.map((e) => `target "${e.target}" has config problems: ${e.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`).join('; ')}\n`);
      return EXIT_USAGE;
    }
    if ([UsageError, UnknownTargetError, OverlayLoadError, NoTargetsError, MissingPriceError, PriceDataError].some((type) => error instanceof type)) {
      err.write(`cost: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = runCost(process.argv.slice(2), process.stdout, process.stderr);
