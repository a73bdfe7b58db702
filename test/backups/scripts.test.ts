/**
 * The scripts the backup and restore-test pods run, exactly as rendered, executed by bash (and by
 * dash, the POSIX sh of Debian-based images, for the one that runs in the API image) against stub
 * commands (psql, pg_dump, age, aws, pg_restore, alembic): a failure anywhere fails the pod, and a
 * dump counts only once complete.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getObject, targetObjects } from '../support/render';
import { tempDir } from '../support/synth-command';

const objects = targetObjects('eks-staging');
const containers = (name: string): any[] => {
  const pod = getObject(objects, 'CronJob', name).spec.jobTemplate.spec.template.spec;
  return [...(pod.initContainers ?? []), ...pod.containers];
};
/** The command of a container, as rendered: `[shell, '-c', script]`. */
const commandOf = (cronJob: string, container: string): string[] => containers(cronJob).find((c) => c.name === container).command;

const STUBS = path.join(__dirname, 'stubs');
/** Scratch folders of this file, removed once it is done. */
const scratch: string[] = [];
const scratchDir = (prefix: string) => {
  const dir = tempDir(prefix);
  scratch.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});
/** A stub of ./stubs, as the command it stands in for. */
const stub = (file: string) => ({ file: path.join(STUBS, file) });

/**
 * Runs a rendered command with stub executables first on the PATH: a stub is a one-line bash body,
 * or a file of ./stubs. The stubs see $STORE, a scratch folder.
 */
function run(command: string[], stubs: Record<string, string | { file: string }>, env: Record<string, string> = {}) {
  const store = scratchDir('store-');
  const bin = path.join(store, '.bin');
  fs.mkdirSync(bin);
  for (const [name, body] of Object.entries(stubs)) {
    const text = typeof body === 'string' ? `#!/bin/bash\n${body}\n` : fs.readFileSync(body.file, 'utf8');
    fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });
  }
  const [shell, flag, script] = command;
  const result = spawnSync(shell === 'sh' ? 'dash' : shell, [flag, script], {
    encoding: 'utf8',
    // No stdin: bash reads ~/.bashrc when its stdin is a socket, as Node's pipes are.
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: `${bin}:/usr/bin:/bin`, STORE: store, ...env },
  });
  return { ...result, store };
}

const AWS = stub('aws');

describe('the nightly backup script', () => {
  const command = commandOf('db-backup', 'backup');
  const env = { BACKUP_BUCKET: 'bucket', BACKUP_PREFIX: 'postgres', PGDATABASE: 'moderation', OBJECT_STORE_ENDPOINT: 'https://s3.us-east-1.amazonaws.com', AGE_RECIPIENT: 'age1recipient', DUMP_LOCK_WAIT_TIMEOUT: '5min' };
  const stubs = { psql: 'echo 123456789', age: '[ "$*" = "--encrypt --recipient age1recipient" ] || exit 9; sed "s/^/encrypted:/"', aws: AWS };
  const stored = (store: string) => fs.readdirSync(path.join(store, 'bucket', 'postgres')).sort();

  it('streams pg_dump through age to the bucket, then marks the dump complete', () => {
    const result = run(command, { ...stubs, pg_dump: 'echo "pg_dump $*"' }, env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [dump, marker] = stored(result.store);
    expect(dump).toMatch(/^moderation-\d{8}T\d{6}Z\.pgdump\.age$/);
    expect(marker).toBe(`${dump}.complete`);
    expect(fs.readFileSync(path.join(result.store, 'bucket', 'postgres', dump), 'utf8')).toBe('encrypted:pg_dump --format=custom --no-password --lock-wait-timeout=5min\n');
    expect(fs.readFileSync(path.join(result.store, 'calls'), 'utf8')).toContain(`aws --endpoint-url https://s3.us-east-1.amazonaws.com s3 cp --only-show-errors --expected-size 123456789 - s3://bucket/postgres/${dump}`);
  });

  it('fails, and leaves no completion marker, when pg_dump fails midway', () => {
    const result = run(command, { ...stubs, pg_dump: 'echo partial; exit 3' }, env);
    expect(result.status).not.toBe(0);
    expect(stored(result.store).filter((f) => f.endsWith('.complete'))).toEqual([]);
  });

  it('fails when age fails (a malformed recipient)', () => {
    const result = run(command, { ...stubs, pg_dump: 'echo data' }, { ...env, AGE_RECIPIENT: 'age1other' });
    expect(result.status).not.toBe(0);
    expect(stored(result.store).filter((f) => f.endsWith('.complete'))).toEqual([]);
  });
});

describe('the restore script', () => {
  const command = commandOf('db-restore-test', 'restore');
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000);
  const stampOf = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const modified = (date: Date) => date.toISOString().replace(/\.\d+Z$/, '+00:00');
  /** A listing of dumps started `hours` ago, complete or not, as `aws s3api list-objects-v2 --output text` prints it. */
  function bucket(dumps: { hours: number; complete: boolean }[]) {
    const store = scratchDir('bucket-');
    const lines: string[] = [];
    for (const { hours, complete } of dumps) {
      const key = `postgres/moderation-${stampOf(hoursAgo(hours))}.pgdump.age`;
      fs.mkdirSync(path.join(store, 'bucket', 'postgres'), { recursive: true });
      fs.writeFileSync(path.join(store, 'bucket', key), `dump of ${hours}h ago\n`);
      lines.push(`${key}\t${modified(hoursAgo(hours - 0.5))}`);
      if (complete) lines.push(`${key}.complete\t${modified(hoursAgo(hours - 0.5))}`);
    }
    const listing = path.join(store, 'listing');
    fs.writeFileSync(listing, lines.length > 0 ? `${lines.join('\n')}\n` : 'None\n');
    return { listing, bucketDir: store };
  }
  const env = { BACKUP_BUCKET: 'bucket', BACKUP_PREFIX: 'postgres', PGDATABASE: 'moderation', OBJECT_STORE_ENDPOINT: 'https://s3.us-east-1.amazonaws.com', AGE_IDENTITY_FILE: '/var/run/secrets/age/identity', MAX_DUMP_AGE_HOURS: '48', RETENTION_DAYS: '7', LIFECYCLE_SLACK_DAYS: '2' };
  /** Serves the bucket's files from the fixture, decrypts with `cat`, restores into $STORE/restored. */
  const stubsFor = () => ({
    aws: AWS,
    age: '[ "$*" = "--decrypt --identity /var/run/secrets/age/identity" ] || exit 9; cat',
    pg_restore: 'cat > "$STORE/restored"; echo "pg_restore $*" >> "$STORE/calls"',
  });

  it('restores the latest complete dump, not a newer one without its marker', () => {
    const { listing, bucketDir } = bucket([{ hours: 100, complete: true }, { hours: 20, complete: true }, { hours: 2, complete: false }]);
    const result = run(command, stubsFor(), { ...env, LISTING: listing, BUCKET_DIR: bucketDir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(result.store, 'restored'), 'utf8')).toBe('dump of 20h ago\n');
    expect(fs.readFileSync(path.join(result.store, 'calls'), 'utf8')).toContain('pg_restore --exit-on-error --no-owner --no-privileges --dbname moderation');
  });

  it.each([
    ['there is no dump', [], 'no complete dump under s3://bucket/postgres/: the nightly backup (CronJob db-backup) has not succeeded yet'],
    ['no dump is complete', [{ hours: 5, complete: false }], 'no complete dump under s3://bucket/postgres/'],
    ['the latest complete dump is three days old', [{ hours: 72, complete: true }, { hours: 3, complete: false }], 'hours ago (more than 48): the nightly backup (CronJob db-backup) has stopped'],
    ['a dump outlived the retention', [{ hours: 24 * 12, complete: true }, { hours: 3, complete: true }], 'days old, beyond the 7-day retention: the bucket\'s lifecycle rule is missing or keeps dumps longer'],
  ])('fails loudly when %s', (_, dumps, message) => {
    const { listing, bucketDir } = bucket(dumps);
    const result = run(command, stubsFor(), { ...env, LISTING: listing, BUCKET_DIR: bucketDir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^restore test FAILED: /);
    expect(result.stderr).toContain(message);
    expect(fs.existsSync(path.join(result.store, 'restored'))).toBe(false);
  });

  it('fails when pg_restore fails', () => {
    const { listing, bucketDir } = bucket([{ hours: 3, complete: true }]);
    const result = run(command, { ...stubsFor(), pg_restore: 'cat > /dev/null; echo "pg_restore: error: could not execute query" >&2; exit 1' }, { ...env, LISTING: listing, BUCKET_DIR: bucketDir });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('pg_restore: error');
  });
});

describe('the restored tables check', () => {
  const command = commandOf('db-restore-test', 'check-tables');
  const psql = stub('psql-tables');

  it('passes when every table holds rows', () => {
    const result = run(command, { psql }, { NON_EMPTY_TABLES: 'content_items moderation_decisions', EMPTY: '', MISSING: '' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('table content_items has rows\ntable moderation_decisions has rows\n');
  });

  it('fails, naming every empty or unreadable table', () => {
    const result = run(command, { psql }, { NON_EMPTY_TABLES: 'content_items moderation_decisions public.users', EMPTY: 'content_items', MISSING: 'public.users' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('restore test FAILED: table content_items is empty in the restored database');
    expect(result.stderr).toContain('restore test FAILED: table public.users cannot be read in the restored database');
    expect(result.stdout).toContain('table moderation_decisions has rows');
  });
});

describe('the schema version check (POSIX sh in the API image)', () => {
  const command = commandOf('db-restore-test', 'check-schema');
  const alembic = stub('alembic');
  const check = (env: Record<string, string>) => run(command, { alembic }, { CURRENT_FAILS: '', ...env });

  it('passes when the restored schema is at the image\'s one head', () => {
    const result = check({ HEADS: '4f2a9c1d7e3b (head)\n', CURRENT: '4f2a9c1d7e3b (head)\n' });
    expect(result.stderr).not.toContain('FAILED');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('the restored schema is at the deployed Alembic head 4f2a9c1d7e3b\n');
  });

  it.each([
    ['the schema is behind the image', { HEADS: '4f2a9c1d7e3b (head)\n', CURRENT: '9b8e7d6c5a41\n' }, 'the restored schema is at Alembic revision \'9b8e7d6c5a41\', the deployed moderation-api image\'s head is \'4f2a9c1d7e3b\''],
    ['the dump has no Alembic version', { HEADS: '4f2a9c1d7e3b (head)\n', CURRENT: '' }, 'the restored schema is at Alembic revision \'none\''],
    ['the image has two heads', { HEADS: '4f2a9c1d7e3b (head)\n0c1d2e3f4a5b (head)\n', CURRENT: '4f2a9c1d7e3b (head)\n' }, 'the deployed moderation-api image has 2 Alembic heads, expected 1'],
  ])('fails when %s', (_, env, message) => {
    const result = check(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`restore test FAILED: ${message}`);
  });

  it('fails when the schema cannot be read', () => {
    const result = check({ HEADS: '4f2a9c1d7e3b (head)\n', CURRENT: '', CURRENT_FAILS: 'yes' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('connection refused');
  });
});
