/** The `backups` section: what an overlay may set, and the message for each mistake. */
import * as fs from 'node:fs';
import { overlayInput, configProblems } from '../support/overlay';
import { overlaysFolder, runSynth, tempDir } from '../support/synth-command';
import { renderedTarget } from '../support/render';

describe('backup retention', () => {
  it('fails synthesis for 3 and 45 days, naming each target, the field and why, and writes nothing', () => {
    const short = overlayInput('eks-staging');
    short.name = 'eks-short';
    short.backups!.retentionDays = 3;
    const long = overlayInput('doks-production');
    long.name = 'doks-long';
    long.backups!.retentionDays = 45;
    const outdir = tempDir('dist-');
    const overlays = overlaysFolder({ 'eks-short': short, 'doks-long': long });

    const result = runSynth(['--overlays', overlays, '--outdir', outdir, '--no-typecheck']);
    for (const dir of [outdir, overlays]) fs.rmSync(dir, { recursive: true, force: true });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'target "eks-short" has 1 config problem:\n  - backups.retentionDays: must be at least 7 days: the weekly restore test needs a week of dumps behind the one it restores',
    );
    expect(result.stderr).toContain(
      'target "doks-long" has 1 config problem:\n  - backups.retentionDays: must be at most 30 days: dumps hold users\' content, which must not outlive its deletion by more than a month',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).not.toContain('synthesized');
  });

  it('accepts the bounds, and defaults to 30 days in production and 7 in staging', () => {
    expect(configProblems('eks-production', (input) => (input.backups!.retentionDays = 7))).toEqual([]);
    expect(configProblems('eks-production', (input) => (input.backups!.retentionDays = 30))).toEqual([]);
    expect(configProblems('eks-production', (input) => (input.backups!.retentionDays = 10.5))).toEqual(['backups.retentionDays: must be a whole number of days']);
    expect(renderedTarget('eks-production').target.backups.retentionDays).toBeUndefined();
  });
});

describe('backups settings are checked', () => {
  it('requires the section on every target, with what it needs', () => {
    expect(configProblems('eks-staging', (input) => delete (input as Record<string, unknown>).backups)).toEqual(['backups: Invalid input: expected object, received undefined']);
    expect(configProblems('eks-staging', (input) => (input.backups = {} as never))).toEqual([
      'backups.ageRecipient: required: the age recipient (public key, "age1…") the dumps are encrypted to',
      'backups.objectStore: Invalid input: expected object, received undefined',
      'backups.postgresMajorVersion: required: the PostgreSQL server\'s major version, one of 14, 15, 16, 17, 18',
      'backups.toolsImage: Invalid input: expected string, received undefined',
    ]);
  });

  it('accepts only PostgreSQL majors with a pinned server image', () => {
    expect(configProblems('doks-staging', (input) => (input.backups!.postgresMajorVersion = 12))).toEqual([
      'backups.postgresMajorVersion: must be one of 14, 15, 16, 17, 18: the PostgreSQL majors with a pinned server image (charts/backups/schema.ts)',
    ]);
  });

  it('refuses images built for another major than the server\'s, and unpinned ones', () => {
    expect(configProblems('eks-production', (input) => (input.backups!.postgresMajorVersion = 16))).toEqual([
      'backups.toolsImage: "123456789012.dkr.ecr.us-east-1.amazonaws.com/moderation/db-backup-tools:17-1.0.0" is tagged "17-1.0.0", not for PostgreSQL 16 (backups.postgresMajorVersion): ' +
        'pg_dump must be the server\'s major version (an older one refuses a newer server; a newer one writes dumps the server\'s pg_restore cannot read); use a tag that starts with "16-" or "16."',
    ]);
    expect(configProblems('eks-production', (input) => (input.backups!.serverImage = 'docker.io/library/postgres:16.13-bookworm'))).toEqual([
      expect.stringMatching(/^backups\.serverImage: .* not for PostgreSQL 17 \(backups\.postgresMajorVersion\): the restore test must restore into the major the dump came from/),
    ]);
    expect(configProblems('eks-production', (input) => (input.backups!.toolsImage = 'registry.example.com/db-backup-tools:latest'))).toEqual([
      'backups.toolsImage: "latest" is not a pinned version: use a version tag',
    ]);
    expect(configProblems('eks-production', (input) => (input.backups!.toolsImage = 'db-backup-tools'))).toEqual([
      expect.stringMatching(/^backups\.toolsImage: must be a pinned image reference with its registry and tag/),
    ]);
  });

  it('checks the recipient, the bucket, the endpoint, the schedules and the table names', () => {
    expect(
      configProblems('doks-production', (input) => {
        input.backups!.ageRecipient = 'AGE-SECRET-KEY-1QQQ';
        input.backups!.objectStore = { bucket: 'Backups_Prod', endpoint: 'http://nyc3.digitaloceanspaces.com', cidrs: [] };
        input.backups!.schedule = '@daily';
        input.backups!.restoreTest = { nonEmptyTables: ['decisions; DROP TABLE users'] };
      }),
    ).toEqual([
      expect.stringMatching(/^backups\.ageRecipient: must be an age X25519 recipient/),
      // The bucket is the estate's, named by one function: an overlay that names one is told so.
      expect.stringMatching(/^backups\.objectStore\.bucket: is created and named by the cloud estate/),
      'backups.objectStore.cidrs: must list at least one CIDR: the addresses the object store endpoint resolves to',
      'backups.objectStore.endpoint: must be an https:// URL such as "https://nyc3.digitaloceanspaces.com"',
      expect.stringMatching(/^backups\.restoreTest\.nonEmptyTables\[0\]: must be a lowercase PostgreSQL table name/),
      expect.stringMatching(/^backups\.schedule: must be a five-field cron schedule/),
    ]);
  });
});
