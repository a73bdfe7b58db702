/**
 * Synthesizes deploy targets into dist/<target>/.
 *
 *   npm run synth                          every target (and removes folders of deleted targets)
 *   npm run synth -- --target eks-staging  one target (repeat --target for more)
 *
 * Config mistakes exit 1 with every problem listed and dist/ untouched. Under `cdk8s synth`
 * (cdk8s.yaml), the rendered targets are also copied to the CLI's own output folder, which the CLI
 * wipes before each run; dist/ itself is only ever replaced target by target, after validation.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { checkBudgets } from './charts/cost/budget';
import { publish } from './charts/publish';
import { renderTargets, SynthesisError } from './charts/synthesize';
import { typeCheckOverlays, OverlayTypeError } from './charts/overlay-typecheck';
import { loadTargetSources, NoTargetsError, OverlayLoadError, OVERLAYS_DIR, UnknownTargetError } from './charts/targets';

const DIST = path.join(__dirname, 'dist');

function main(argv: string[]): void {
  const options = new Command('synth')
    .description('Synthesize deploy targets into dist/<target>/')
    .option('-t, --target <name...>', 'target(s) to synthesize (default: all overlays)')
    .option('-o, --outdir <dir>', 'output folder', DIST)
    .option('--overlays <dir>', 'folder of target overlays', OVERLAYS_DIR)
    .option('--no-typecheck', 'skip type-checking the overlays (they are still validated)')
    .showHelpAfterError()
    .parse(argv)
    .opts<{ target?: string[]; outdir: string; overlays: string; typecheck: boolean }>();

  const started = process.hrtime.bigint();
  const sources = loadTargetSources(options.target, options.overlays);
  if (options.typecheck) typeCheckOverlays(sources.map((s) => s.file));
  const rendered = renderTargets(sources);
  // The estate's cost against its budget (charts/cost): a warning, or a failure before anything is written.
  const budgets = checkBudgets(rendered);
  if (budgets.errors.length > 0) throw new SynthesisError(budgets.errors);
  for (const warning of budgets.warnings) console.warn(warning);
  publish(options.outdir, rendered, { prune: options.target === undefined });
  const cdk8sOut = process.env.CDK8S_OUTDIR;
  if (cdk8sOut && path.resolve(cdk8sOut) !== path.resolve(options.outdir)) {
    for (const { target } of rendered) fs.cpSync(path.join(options.outdir, target.name), path.join(cdk8sOut, target.name), { recursive: true });
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`synthesized ${rendered.map((r) => r.target.name).join(', ')} into ${path.relative(process.cwd(), options.outdir) || '.'} in ${ms.toFixed(0)} ms`);
}

try {
  main(process.argv);
} catch (error) {
  if ([SynthesisError, UnknownTargetError, OverlayLoadError, OverlayTypeError, NoTargetsError].some((type) => error instanceof type)) {
    const { message } = error as Error;
    console.error(`synth failed: ${message}\n(dist/ was not changed)`);
    process.exit(1);
  }
  throw error;
}
