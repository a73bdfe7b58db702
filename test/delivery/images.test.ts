/**
 * Images as data: each target's images live in images/<target>.json, its overlay imports that file,
 * and `npm run images` edits it. The command is run for real, as a child process, on scratch copies.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateTarget } from '../../charts/config/validate';
import { standbyOf } from '../../charts/disaster-recovery/standby';
import { SERVICE_NAMES } from '../../charts/platform/services';
import { targetNames } from '../../charts/targets';
import { formatImages, IMAGES_DIR, type Images } from '../../scripts/images';
import { overlayInput } from '../support/overlay';
import { fingerprint, tempDir } from '../support/synth-command';

const ROOT = path.resolve(__dirname, '../..');
const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;

/** A scratch copy of images/, removed after the test file. */
const scratches: string[] = [];
function scratchImages(): string {
  const dir = tempDir('images-');
  for (const file of fs.readdirSync(IMAGES_DIR)) fs.copyFileSync(path.join(IMAGES_DIR, file), path.join(dir, file));
  scratches.push(dir);
  return dir;
}
afterAll(() => scratches.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** `npm run images -- <args>`, as a child process. */
function run(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/images.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `npm run images -- <command> <args> --images <dir>`. */
const images = (dir: string, ...args: string[]) => run(...args, '--images', dir);

const read = (dir: string, target: string): Images => JSON.parse(fs.readFileSync(path.join(dir, `${target}.json`), 'utf8'));

/** The command failed as a user error: exit 2, one line on stderr, nothing written. */
function expectUsageError(result: ReturnType<typeof images>, before: Record<string, string>, dir: string): string {
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^images: [^\n]+\n$/);
  expect(fingerprint(dir)).toEqual(before);
  return result.stderr;
}

/**
 * The target whose images file a target's overlay imports: its own, or a disaster-recovery standby's
 * primary's (the standby runs the same digests, so promoting production promotes it too).
 */
const imagesFileOf = (target: string) => standbyOf(overlayInput(target))?.primary ?? target;
/** The targets with an images file of their own. */
const OWN_IMAGES = targetNames().filter((target) => imagesFileOf(target) === target);

describe('images/<target>.json', () => {
  it('exists for exactly the targets that have an overlay and are not a standby', () => {
    const files = fs.readdirSync(IMAGES_DIR).map((f) => f.replace(/\.json$/, '')).sort();
    expect(files).toEqual(OWN_IMAGES);
  });

  it.each(targetNames())('%s: the overlay takes its images from its own file, or from its primary\'s', (target) => {
    expect(overlayInput(target).images).toEqual(read(IMAGES_DIR, imagesFileOf(target)));
  });

  it.each(OWN_IMAGES)('%s: the file is written as npm run images writes it', (target) => {
    const text = fs.readFileSync(path.join(IMAGES_DIR, `${target}.json`), 'utf8');
    expect(formatImages(JSON.parse(text))).toBe(text);
  });
});

describe('npm run images -- set', () => {
  it('pins one service of one target to tag@digest, and changes nothing else', () => {
    const dir = scratchImages();
    const before = fingerprint(dir);
    const old = read(dir, 'eks-staging');
    const result = images(dir, 'set', '--target', 'eks-staging', '--service', 'moderation-api', '--digest', DIGEST_A, '--tag', '2.15.0');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`eks-staging:\n  moderation-api  ${old.versions['moderation-api']} -> 2.15.0@${DIGEST_A}\n`);
    const text = fs.readFileSync(path.join(dir, 'eks-staging.json'), 'utf8');
    expect(text).toBe(formatImages({ ...old, versions: { ...old.versions, 'moderation-api': `2.15.0@${DIGEST_A}` } }));
    expect(text.endsWith('}\n')).toBe(true);
    const after = fingerprint(dir);
    expect(Object.keys(after).filter((f) => after[f] !== before[f])).toEqual(['eks-staging.json']);
  });

  it('pins a bare digest without --tag, and says so when nothing changes', () => {
    const dir = scratchImages();
    expect(images(dir, 'set', '-t', 'doks-staging', '-s', 'web', '-d', DIGEST_A).status).toBe(0);
    expect(read(dir, 'doks-staging').versions.web).toBe(DIGEST_A);
    const again = images(dir, 'set', '-t', 'doks-staging', '-s', 'web', '-d', DIGEST_A);
    expect(again.stdout).toBe(`doks-staging:\n  web  unchanged (${DIGEST_A})\n`);
  });

  it('writes what synthesis accepts, in production too', () => {
    const dir = scratchImages();
    expect(images(dir, 'set', '-t', 'eks-production', '-s', 'ml-inference', '-d', DIGEST_B, '--tag', '1.10.0').status).toBe(0);
    const target = validateTarget('eks-production', { ...overlayInput('eks-production'), images: read(dir, 'eks-production') });
    expect(target.images.versions['ml-inference']).toBe(`1.10.0@${DIGEST_B}`);
  });

  it.each([
    ['a digest that is not sha256 and 64 hex digits', ['-t', 'eks-staging', '-s', 'web', '-d', 'sha256:abc'], /--digest .*'sha256:abc' is invalid\. expected "sha256:" and 64 lowercase hex digits/],
    ['an uppercase digest', ['-t', 'eks-staging', '-s', 'web', '-d', DIGEST_A.toUpperCase()], /--digest .* is invalid/],
    ['a tag as the digest', ['-t', 'eks-staging', '-s', 'web', '-d', '2.15.0'], /--digest .*'2\.15\.0' is invalid/],
    ['an unknown target, listing the targets', ['-t', 'eks-prod', '-s', 'web', '-d', DIGEST_A], /unknown target "eks-prod"; the targets are: doks-production, doks-staging, eks-production, eks-staging$/m],
    ['an unknown service, listing the services', ['-t', 'eks-staging', '-s', 'api', '-d', DIGEST_A], new RegExp(`'api' is invalid\\. Allowed choices are ${SERVICE_NAMES.join(', ')}`)],
    ['"latest" as the tag', ['-t', 'eks-staging', '-s', 'web', '-d', DIGEST_A, '--tag', 'latest'], /"latest" is not a version/],
    ['a tag with a colon', ['-t', 'eks-staging', '-s', 'web', '-d', DIGEST_A, '--tag', 'web:2.15.0'], /--tag .* is invalid/],
    ['no digest', ['-t', 'eks-staging', '-s', 'web'], /required option '-d, --digest <digest>' not specified/],
  ])('refuses %s in one line, writing nothing', (_what, args, message) => {
    const dir = scratchImages();
    expect(expectUsageError(images(dir, 'set', ...args), fingerprint(dir), dir)).toMatch(message);
  });

  it('refuses an images file the schema refuses, naming the field', () => {
    const dir = scratchImages();
    fs.writeFileSync(path.join(dir, 'eks-staging.json'), JSON.stringify({ registry: 'ECR', versions: {} }));
    const message = expectUsageError(images(dir, 'set', '-t', 'eks-staging', '-s', 'web', '-d', DIGEST_A), fingerprint(dir), dir);
    expect(message).toMatch(/eks-staging\.json: registry: must be a registry host.*; versions\.web: /);
  });
});

describe('npm run images -- promote', () => {
  /** A scratch folder where eks-staging runs every service by tag@digest. */
  function pinnedStaging(): string {
    const dir = scratchImages();
    for (const service of SERVICE_NAMES) expect(images(dir, 'set', '-t', 'eks-staging', '-s', service, '-d', DIGEST_A, '--tag', '2.15.0').status).toBe(0);
    return dir;
  }

  it("copies staging's digests to production, printing each change", () => {
    const dir = pinnedStaging();
    const old = read(dir, 'eks-production');
    const result = images(dir, 'promote', '--from', 'eks-staging', '--to', 'eks-production');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('eks-staging -> eks-production: 4 of 4 changed');
    for (const service of SERVICE_NAMES) expect(result.stdout).toContain(`  ${service.padEnd(17)}  ${old.versions[service]} -> 2.15.0@${DIGEST_A}\n`);
    expect(read(dir, 'eks-production')).toEqual({ registry: old.registry, versions: read(dir, 'eks-staging').versions });
    validateTarget('eks-production', { ...overlayInput('eks-production'), images: read(dir, 'eks-production') });
  });

  it('promotes only the services named, and reports when there is nothing left to promote', () => {
    const dir = pinnedStaging();
    const old = read(dir, 'eks-production');
    const result = images(dir, 'promote', '--from', 'eks-staging', '--to', 'eks-production', '--service', 'web', 'ml-inference');
    expect(result.stdout.split('\n')[0]).toBe('eks-staging -> eks-production: 2 of 2 changed');
    expect(read(dir, 'eks-production').versions).toEqual({ ...old.versions, 'web': `2.15.0@${DIGEST_A}`, 'ml-inference': `2.15.0@${DIGEST_A}` });
    images(dir, 'promote', '--from', 'eks-staging', '--to', 'eks-production');
    const again = images(dir, 'promote', '--from', 'eks-staging', '--to', 'eks-production');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^eks-production already runs eks-staging's images; nothing to promote\n( {2}\S+ +unchanged \(2\.15\.0@sha256:a{64}\)\n){4}$/);
  });

  it('refuses a staging image that is pinned by tag only, naming it, and writes nothing', () => {
    const dir = scratchImages();
    images(dir, 'set', '-t', 'eks-staging', '-s', 'web', '-d', DIGEST_A);
    const staging = read(dir, 'eks-staging').versions;
    const message = expectUsageError(images(dir, 'promote', '--from', 'eks-staging', '--to', 'eks-production'), fingerprint(dir), dir);
    expect(message).toContain(`eks-staging runs moderation-api "${staging['moderation-api']}", moderation-worker "${staging['moderation-worker']}", ml-inference "${staging['ml-inference']}" by tag only`);
    expect(message).toContain('production accepts');
    expect(message).not.toContain('web "');
    expect(images(dir, 'promote', '--from', 'eks-staging', '--to', 'eks-production', '-s', 'web').status).toBe(0);
  });

  it.each([
    ['targets with different registries', ['--from', 'doks-staging', '--to', 'eks-production'], /doks-staging pulls from registry\.digitalocean\.com\/moderation and eks-production from 123456789012\.dkr\.ecr/],
    ['the same target twice', ['--from', 'eks-staging', '--to', 'eks-staging'], /--from and --to are both "eks-staging"/],
    ['an unknown target', ['--from', 'eks-staging', '--to', 'production'], /unknown target "production"; the targets are: /],
    ['a missing --to', ['--from', 'eks-staging'], /required option '--to <name>' not specified/],
  ])('refuses %s', (_what, args, message) => {
    const dir = scratchImages();
    expect(expectUsageError(images(dir, 'promote', ...args), fingerprint(dir), dir)).toMatch(message);
  });
});

describe('npm run images', () => {
  it('names its commands when given none', () => {
    const before = fingerprint(IMAGES_DIR);
    expect(expectUsageError(run(), before, IMAGES_DIR)).toBe('images: name a command: set, promote (npm run images -- --help)\n');
  });
});
