/**
 * `npm run images -- <command>`: edits `images/<target>.json`, the registry and per-service image
 * version of each target, which its overlay imports (so synthesis validates what this writes).
 *
 *   set --target <t> --service <s> --digest sha256:<64 hex> [--tag <tag>]
 *     pins one service of one target to a digest, with a tag in front of it for people;
 *   promote --from <t> --to <t> [--service <s>...]
 *     copies one target's versions to another (staging's to production); every version copied must
 *     be pinned by digest, and both targets must pull from the same registry.
 *
 * Each prints what it changed, one line per service, and writes the file only when it changes, as
 * deterministic JSON: services in catalogue order, two-space indent, a trailing newline.
 *
 * Exit 0: done, or nothing to change. Exit 2: a user error, in one line on stderr (bad arguments,
 * an unknown target or service, a malformed digest or tag, a tag-only image to promote, an images
 * file the schema refuses).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { z } from 'zod';
import { SERVICE_NAMES, type ServiceName } from '../charts/platform/services';
import { isDigestPinned } from '../charts/workloads/rules';
import { workloadsConfig } from '../charts/workloads/schema';

/** One JSON file per target: `<target>.json`. */
export const IMAGES_DIR = path.resolve(__dirname, '..', 'images');

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;

const EXIT_CODES_HELP = `
Exit codes:
  ${EXIT_OK}  done, or nothing to change
  ${EXIT_USAGE}  bad arguments, an unknown target or service, or an image that may not go there`;

/** A target's images as its overlay takes them: `{ registry, versions: { <service>: version } }`. */
export type Images = z.output<typeof workloadsConfig.images>;

/** Where the command writes; process.stdout and process.stderr, or stand-ins in tests. */
export interface Output {
  write(text: string): unknown;
}

/** A user error: reported in one line, exit 2. */
class UsageError extends Error {}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** A tag as the OCI distribution spec allows it; `latest` is not a version. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

function digest(value: string): string {
  if (!DIGEST.test(value)) throw new InvalidArgumentError('expected "sha256:" and 64 lowercase hex digits');
  return value;
}

function tag(value: string): string {
  if (!TAG.test(value)) throw new InvalidArgumentError('expected letters, digits, "_", "." or "-" (at most 128, not starting with "." or "-")');
  if (value === 'latest') throw new InvalidArgumentError('"latest" is not a version');
  return value;
}

/** The images file as `npm run images` writes it. */
export function formatImages(images: Images): string {
  const versions = Object.fromEntries(SERVICE_NAMES.map((service) => [service, images.versions[service]]));
  return `${JSON.stringify({ registry: images.registry, versions }, null, 2)}\n`;
}

/** The images files of one folder, by target name. */
class ImagesFolder {
  constructor(readonly dir: string) {}

  targets(): string[] {
    if (!fs.existsSync(this.dir)) throw new UsageError(`no such folder: ${this.dir}`);
    const names = fs.readdirSync(this.dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
    if (names.length === 0) throw new UsageError(`${this.dir} has no <target>.json files`);
    return names;
  }

  file(target: string): string {
    const known = this.targets();
    if (!known.includes(target)) throw new UsageError(`unknown target "${target}"; the targets are: ${known.join(', ')}`);
    return path.join(this.dir, `${target}.json`);
  }

  read(target: string): Images {
    const file = this.file(target);
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new UsageError(`${file} is not JSON: ${(error as Error).message.split('\n')[0]}`);
    }
    const parsed = workloadsConfig.images.safeParse(raw);
    if (!parsed.success) throw new UsageError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ')}`);
    return parsed.data;
  }

  /** Writes the file if its text changes. */
  write(target: string, images: Images): void {
    const file = this.file(target);
    const text = formatImages(images);
    if (fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  }
}

/** One line per service: what its version was and is. */
function changeLines(services: readonly ServiceName[], before: Images, after: Images): string[] {
  const width = Math.max(...services.map((s) => s.length));
  return services.map((s) => {
    const [was, is] = [before.versions[s], after.versions[s]];
    return `  ${s.padEnd(width)}  ${was === is ? `unchanged (${is})` : `${was} -> ${is}`}`;
  });
}

interface SetOptions {
  target: string;
  service: ServiceName;
  digest: string;
  tag?: string;
  images: string;
}

function setImage(options: SetOptions): string {
  const folder = new ImagesFolder(path.resolve(options.images));
  const before = folder.read(options.target);
  const version = options.tag ? `${options.tag}@${options.digest}` : options.digest;
  const after: Images = { ...before, versions: { ...before.versions, [options.service]: version } };
  folder.write(options.target, after);
  return `${options.target}:\n${changeLines([options.service], before, after).join('\n')}\n`;
}

interface PromoteOptions {
  from: string;
  to: string;
  service?: ServiceName[];
  images: string;
}

function promote(options: PromoteOptions): string {
  const { from, to } = options;
  if (from === to) throw new UsageError(`--from and --to are both "${from}": promote from one target to another`);
  const folder = new ImagesFolder(path.resolve(options.images));
  const [source, before] = [folder.read(from), folder.read(to)];
  if (source.registry !== before.registry) {
    throw new UsageError(`${from} pulls from ${source.registry} and ${to} from ${before.registry}: a digest names an image in the registry it was pushed to, so promote between targets that share a registry`);
  }
  const services = options.service ? SERVICE_NAMES.filter((s) => options.service!.includes(s)) : [...SERVICE_NAMES];
  const tagOnly = services.filter((s) => !isDigestPinned(source.versions[s]));
  if (tagOnly.length > 0) {
    throw new UsageError(
      `${from} runs ${tagOnly.map((s) => `${s} "${source.versions[s]}"`).join(', ')} by tag only: promotion copies digests, the only versions production accepts; pin ${tagOnly.length === 1 ? 'it' : 'them'} first (npm run images -- set --target ${from} --service <name> --digest sha256:...)`,
    );
  }
  const after: Images = { ...before, versions: { ...before.versions, ...Object.fromEntries(services.map((s) => [s, source.versions[s]])) } };
  folder.write(to, after);
  const changed = services.filter((s) => before.versions[s] !== after.versions[s]);
  const summary = changed.length === 0 ? `${to} already runs ${from}'s images; nothing to promote` : `${from} -> ${to}: ${changed.length} of ${services.length} changed`;
  return `${summary}\n${changeLines(services, before, after).join('\n')}\n`;
}

function program(onRun: (run: () => string) => void): Command {
  const images = new Command('images')
    .description("Edits images/<target>.json: each target's image registry and per-service version.")
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  const imagesDir = () => new Option('--images <dir>', 'folder of <target>.json files').default(IMAGES_DIR, path.relative(process.cwd(), IMAGES_DIR) || '.');
  const service = (flags: string, description: string) => new Option(flags, description).choices(SERVICE_NAMES);
  images
    .command('set')
    .description("Pins one service of one target to an image digest, with an optional tag in front of it for people.")
    .requiredOption('-t, --target <name>', 'the target, e.g. eks-staging')
    .addOption(service('-s, --service <name>', 'the service').makeOptionMandatory())
    .addOption(new Option('-d, --digest <digest>', 'the image digest, sha256:<64 hex digits>').argParser(digest).makeOptionMandatory())
    .addOption(new Option('--tag <tag>', 'the tag the image was pushed with, e.g. 2.15.0').argParser(tag))
    .addOption(imagesDir())
    .addHelpText('after', EXIT_CODES_HELP)
    .action((options: SetOptions) => onRun(() => setImage(options)));
  images
    .command('promote')
    .description("Copies one target's image versions to another, e.g. staging's to production; every one copied must be pinned by digest.")
    .requiredOption('--from <name>', 'the target whose versions to copy, e.g. eks-staging')
    .requiredOption('--to <name>', 'the target to copy them to, e.g. eks-production')
    .addOption(service('-s, --service <name...>', 'only these services (default: every service)'))
    .addOption(imagesDir())
    .addHelpText('after', EXIT_CODES_HELP)
    .action((options: PromoteOptions) => onRun(() => promote(options)));
  return images;
}

/** Runs the command on `argv` (after the script name); writes to `out` and `err`, returns the exit code. */
export function runImages(argv: readonly string[], out: Output, err: Output): number {
  let run: (() => string) | undefined;
  const command = program((chosen) => (run = chosen));
  for (const c of [command, ...command.commands]) c.configureOutput({ writeOut: (text) => out.write(text), writeErr: () => undefined, outputError: () => undefined });
  try {
    command.parse([...argv], { from: 'user' });
    if (!run) return EXIT_OK; // help was shown
    out.write(run());
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT_OK;
      if (error.code === 'commander.help') {
        err.write('images: name a command: set, promote (npm run images -- --help)\n');
        return EXIT_USAGE;
      }
      err.write(`images: ${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      err.write(`images: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = runImages(process.argv.slice(2), process.stdout, process.stderr);
