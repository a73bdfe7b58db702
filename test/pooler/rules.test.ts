/** Bad pooler config fails synthesis, saying what to fix; over budget, with every contributor listed and dist/ untouched. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { overlayInput, configProblems } from '../support/overlay';
import { fingerprint, overlaysFolder, runSynth, tempDir } from '../support/synth-command';

describe('the connection budget fails synthesis when it can be exceeded at maximum scale', () => {
  it('the repository\'s overlays hold', () => {
    for (const name of ['eks-production', 'eks-staging', 'doks-production', 'doks-staging']) expect(configProblems(name, () => undefined)).toEqual([]);
  });

  it('server side: more PgBouncers than the database\'s max_connections can take, every contributor listed', () => {
    const problems = configProblems('doks-production', (i) => ((i.pooler ??= {}).pgbouncer = { replicas: { min: 2, max: 9 } }));
    expect(problems).toEqual([
      'pooler: server connections can exceed the database\'s max_connections: at maximum scale 412 ' +
        '(PgBouncer: 10 pods (replicas.max 9 + 1 during a rollout) × 2 pools × 20 (default_pool_size) = 400; reserved: administration: 5; reserved: migrations: 2; reserved: backups: 2; ' +
        'reserved: DigitalOcean Managed PostgreSQL: kept by DigitalOcean for maintenance = 3), max_connections is 400 (gd-4vcpu-16gb: 25 per GiB × 16 GiB); ' +
        'lower pooler.pgbouncer.defaultPoolSize or pooler.pgbouncer.replicas.max, or give the database a larger size',
    ]);
  });

  it('client side: raising a service\'s max replicas past what the PgBouncers accept', () => {
    const problems = configProblems('eks-staging', (i) => (i.services = { 'moderation-api': { replicas: { max: 250 } } }));
    expect(problems).toEqual([
      'pooler: client connections can exceed what PgBouncer accepts: at maximum scale the services open 1265 ' +
        '(moderation-api: 250 replicas × pool 5 = 1250; moderation-worker: 3 replicas × pool 5 = 15), ' +
        'PgBouncer accepts 999 (1 replica (replicas.min) × 999 (max_client_conn 1000 less 1 for its exporter)); ' +
        'lower a service\'s replicas.max or its pooler.clientPools entry, or raise pooler.pgbouncer.maxClientConn or pooler.pgbouncer.replicas.min',
    ]);
  });

  it('client side: raising a service\'s pool size past it', () => {
    const problems = configProblems('eks-staging', (i) => ((i.pooler ??= {}).clientPools = { 'moderation-worker': 400 }));
    expect(problems).toEqual([expect.stringContaining('the services open 1215 (moderation-api: 3 replicas × pool 5 = 15; moderation-worker: 3 replicas × pool 400 = 1200), PgBouncer accepts 999')]);
  });

  it('on DigitalOcean\'s pools, the server side still holds them to max_connections', () => {
    const problems = configProblems('doks-staging', (i) => ((i.pooler ??= {}).managedPool = { size: 23 }));
    expect(problems).toEqual([expect.stringMatching(/^pooler: server connections can exceed .* at maximum scale 104 \(DigitalOcean pool: 4 user pools \(2 roles × blue\/green\) × 23 \(pool size\) = 92; .*max_connections is 100 /)]);
  });

  it('just at the ceiling holds: the check is ≤, not <', () => {
    // 97 usable on db-s-2vcpu-4gb; 4 user pools × 22 + 9 reserved = 97.
    expect(configProblems('doks-staging', (i) => ((i.pooler ??= {}).managedPool = { size: 22 }))).toEqual([]);
  });
});

describe('pooler config that cannot work', () => {
  it('the database\'s size is the estate\'s: an overlay that sets it in the pooler is told where it comes from', () => {
    expect(configProblems('eks-production', (i) => (i.pooler = { database: { size: 'db.r6g.large' } }))).toEqual([
      'pooler.database.size: is read from infra.postgres.size, the size the estate gives the database: remove it here',
    ]);
  });

  it('a size of the other cloud\'s provider, or an unknown one', () => {
    expect(configProblems('eks-staging', (i) => (i.infra.postgres.size = 'db-s-2vcpu-4gb'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^infra\.postgres\.size: the connection budget knows no instance class "db-s-2vcpu-4gb"/)]),
    );
    expect(configProblems('doks-staging', (i) => (i.infra.postgres.size = 'db.r6g.large'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^infra\.postgres\.size: the connection budget knows no size slug "db\.r6g\.large"/)]),
    );
  });

  it('DigitalOcean\'s pools on a cloud that has none', () => {
    expect(configProblems('eks-staging', (i) => (i.pooler = { ...i.pooler, mode: 'digitalocean-managed', managedPool: { size: 10 } }))).toEqual([
      'pooler.mode: "digitalocean-managed" uses the pools the database provider runs, and Amazon RDS for PostgreSQL (Amazon EKS) runs none: use "pgbouncer"',
    ]);
  });

  it('a managed pool without its mode, or the mode without the pool', () => {
    expect(configProblems('doks-production', (i) => ((i.pooler ??= {}).managedPool = { size: 10 }))).toEqual(['pooler.managedPool: is read only with mode "digitalocean-managed": remove it, or set pooler.mode']);
    expect(configProblems('doks-staging', (i) => delete i.pooler.managedPool)).toEqual([expect.stringMatching(/^pooler\.managedPool: required with mode "digitalocean-managed"/)]);
  });

  it('replica bounds out of order, or one PgBouncer in production', () => {
    expect(configProblems('eks-production', (i) => ((i.pooler ??= {}).pgbouncer = { replicas: { min: 1, max: 3 } }))).toEqual([
      'pooler.pgbouncer.replicas.min: 1 is below 2: production runs at least 2 PgBouncers, so draining a node does not cut the database off',
    ]);
    expect(configProblems('eks-staging', (i) => ((i.pooler ??= {}).pgbouncer = { replicas: { min: 3, max: 2 } }))).toEqual(['pooler.pgbouncer.replicas.max: 2 is below replicas.min (3)']);
  });

  it('the schema: unknown fields, modes and impossible numbers', () => {
    expect(configProblems('eks-staging', (i) => ((i.pooler ??= {}).mode = 'pgpool'))).toEqual(['pooler.mode: must be one of pgbouncer, digitalocean-managed']);
    expect(configProblems('eks-staging', (i) => ((i.pooler ??= {}).clientPools = { web: 5 }))).toEqual([expect.stringMatching(/^pooler\.clientPools: unknown field "web"; allowed: moderation-api, moderation-worker$/)]);
    expect(configProblems('eks-staging', (i) => ((i.pooler ??= {}).pgbouncer = { defaultPoolSize: 0 }))).toEqual(['pooler.pgbouncer.defaultPoolSize: must be at least 1']);
    expect(configProblems('eks-staging', (i) => (((i.pooler ??= {}).database ??= {}).reserved = { backups: -1 }))).toEqual(['pooler.database.reserved.backups: must be 0 or more']);
  });
});

describe('the synth command on an overlay over budget', () => {
  it('exits 1 with every contributor listed, and leaves the output folder byte-identical', () => {
    const raised = overlayInput('eks-production');
    raised.services = { 'moderation-api': { replicas: { min: 3, max: 400 } } };
    const overlays = overlaysFolder({ 'eks-production': raised, 'eks-staging': overlayInput('eks-staging') });
    const outdir = tempDir('dist-');
    for (const target of ['eks-production', 'eks-staging']) {
      fs.mkdirSync(path.join(outdir, target));
      fs.writeFileSync(path.join(outdir, target, 'pooler.yaml'), `previous output of ${target}\n`);
    }
    const before = fingerprint(outdir);

    const result = runSynth(['--overlays', overlays, '--outdir', outdir]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('target "eks-production" has 1 config problem');
    expect(result.stderr).toContain('pooler: client connections can exceed what PgBouncer accepts: at maximum scale the services open 4060 (moderation-api: 400 replicas × pool 10 = 4000; moderation-worker: 12 replicas × pool 5 = 60)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fingerprint(outdir)).toEqual(before);
  });
});
