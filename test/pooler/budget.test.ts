/** The connection budget's arithmetic: each provider's max_connections rule, both sides, and what they count. */
import { DIGITALOCEAN_POSTGRES, RDS_POSTGRES } from '../../charts/cloud/managed-postgres';
import { budgetOf, budgetProblems, connectionBudget, databaseCeiling, type BudgetInput, type ConnectionBudget } from '../../charts/pooler/budget';
import { overlayBudget, overlayPooler } from '../../charts/pooler/rules';
import { POOLER_DEFAULTS, POSTGRES_CLIENTS, resolvePooler, poolerSchema } from '../../charts/pooler/schema';
import { PLATFORM_SERVICES, SERVICE_NAMES } from '../../charts/platform/services';
import { overlayInput } from '../support/overlay';

describe('max_connections by the provider\'s rule', () => {
  it('RDS: LEAST(memory / 9531392, 5000) from the class\'s memory', () => {
    expect(RDS_POSTGRES.maxConnections('db.t4g.medium')?.value).toBe(450); // 4 GiB
    expect(RDS_POSTGRES.maxConnections('db.m6g.large')?.value).toBe(901); // 8 GiB
    expect(RDS_POSTGRES.maxConnections('db.r6g.large')?.value).toBe(1802); // 16 GiB
    expect(RDS_POSTGRES.maxConnections('db.r6g.2xlarge')?.value).toBe(5000); // 64 GiB: 7209, capped
    expect(RDS_POSTGRES.maxConnections('db.r6g.large')?.derivation).toBe('db.r6g.large: LEAST(16 GiB / 9531392 B, 5000)');
  });

  it('RDS: a class outside the table is unknown, not guessed', () => {
    for (const unknown of ['db.x2g.large', 'db.r6g.huge', 'r6g.large', 'db-s-2vcpu-4gb']) expect(RDS_POSTGRES.maxConnections(unknown)).toBeUndefined();
  });

  it('DigitalOcean: 25 per GiB of the size slug\'s memory, 3 kept for maintenance (1 GiB leaves 22, 4 GiB 97, as its docs say)', () => {
    const usable = (slug: string) => DIGITALOCEAN_POSTGRES.maxConnections(slug)!.value - DIGITALOCEAN_POSTGRES.reserved.connections;
    expect(usable('db-s-1vcpu-1gb')).toBe(22);
    expect(usable('db-s-2vcpu-4gb')).toBe(97);
    expect(DIGITALOCEAN_POSTGRES.maxConnections('gd-4vcpu-16gb')?.value).toBe(400);
    expect(DIGITALOCEAN_POSTGRES.maxConnections('so1_5-2vcpu-16gb')?.value).toBe(400);
    expect(DIGITALOCEAN_POSTGRES.maxConnections('db.r6g.large')).toBeUndefined();
  });

  it('an explicit maxConnections wins over the estate\'s size; an unknown size is a problem on infra.postgres.size that says what to set', () => {
    const database = poolerSchema.parse({}).database;
    expect(databaseCeiling({ ...database, maxConnections: 700 }, RDS_POSTGRES, 'db.r6g.large')).toMatchObject({ maxConnections: 700, how: 'pooler.database.maxConnections' });
    expect(databaseCeiling(database, RDS_POSTGRES, 'db.r6g.large')).toMatchObject({ maxConnections: RDS_POSTGRES.maxConnections('db.r6g.large')!.value });
    expect(databaseCeiling(database, RDS_POSTGRES, 'db-s-2vcpu-4gb')).toEqual({
      path: 'infra.postgres.size',
      message: expect.stringMatching(/^the connection budget knows no instance class "db-s-2vcpu-4gb" \(it knows db\.\{t3,t4g\}.*\); set pooler\.database\.maxConnections/),
    });
  });
});

describe('both sides of the budget', () => {
  const input: BudgetInput = {
    clients: [
      { service: 'moderation-api', replicas: 20, pool: 10 },
      { service: 'moderation-worker', replicas: 12, pool: 5 },
    ],
    pooler: {
      name: 'PgBouncer',
      clients: { limit: 250, how: 'limit' },
      server: { name: 'PgBouncer', how: '5 pods', connections: 200 },
      levers: { client: 'raise it', server: 'lower it' },
    },
    database: { maxConnections: 212, how: 'db', providerReserved: { name: 'reserved: provider', how: '', connections: 3 } },
    reserve: { administration: 5, migrations: 2, backups: 2 },
  };

  it('sums every contributor and compares with the ceiling', () => {
    const budget = connectionBudget(input);
    expect(budget.client).toMatchObject({ demand: 260, limit: 250, headroom: -10, fits: false });
    expect(budget.client.contributors).toEqual([
      { name: 'moderation-api', how: '20 replicas × pool 10', connections: 200 },
      { name: 'moderation-worker', how: '12 replicas × pool 5', connections: 60 },
    ]);
    expect(budget.server).toMatchObject({ demand: 212, limit: 212, headroom: 0, fits: true });
    expect(budget.server.contributors.map((c) => c.name)).toEqual(['PgBouncer', 'reserved: administration', 'reserved: migrations', 'reserved: backups', 'reserved: provider']);
  });

  it('a side whose ceiling is unknown is not checked, and says so', () => {
    const budget = connectionBudget({ ...input, pooler: { ...input.pooler, clients: undefined } });
    expect(budget.client).toMatchObject({ limit: undefined, headroom: undefined, fits: true, limitHow: 'PgBouncer does not publish its client limit: not checked' });
  });

  it('reports an exceeded side with every contributor and the settings that fix it; nothing when both hold', () => {
    const problems = budgetProblems(connectionBudget({ ...input, database: { ...input.database, maxConnections: 211 } }));
    expect(problems.map((p) => p.path)).toEqual(['pooler', 'pooler']);
    expect(problems[0].message).toBe(
      'client connections can exceed what PgBouncer accepts: at maximum scale the services open 260 (moderation-api: 20 replicas × pool 10 = 200; moderation-worker: 12 replicas × pool 5 = 60), ' +
        'PgBouncer accepts 250 (limit); lower a service\'s replicas.max or its pooler.clientPools entry, or raise it',
    );
    expect(problems[1].message).toBe(
      'server connections can exceed the database\'s max_connections: at maximum scale 212 (PgBouncer: 5 pods = 200; reserved: administration: 5; reserved: migrations: 2; reserved: backups: 2; reserved: provider: 3), ' +
        'max_connections is 211 (db); lower it, or give the database a larger size',
    );
    expect(budgetProblems(connectionBudget({ ...input, pooler: { ...input.pooler, clients: { limit: 260, how: '' } } }))).toEqual([]);
  });
});

describe('what the poolers count', () => {
  const settings = (pooler: unknown) => resolvePooler('production', poolerSchema.parse(pooler));
  const replicasMax = Object.fromEntries(SERVICE_NAMES.map((name) => [name, 10])) as Record<(typeof SERVICE_NAMES)[number], number>;
  const budget = (pooler: unknown) => budgetOf(settings(pooler), replicasMax, RDS_POSTGRES, 'db.r6g.large') as ConnectionBudget;

  it('the services that use PostgreSQL, and only they, have client pools', () => {
    expect(POSTGRES_CLIENTS).toEqual(SERVICE_NAMES.filter((name) => PLATFORM_SERVICES[name].uses.includes('postgres')));
    expect([...POSTGRES_CLIENTS].sort()).toEqual(['moderation-api', 'moderation-worker']);
    for (const environment of ['production', 'staging'] as const) expect(Object.keys(POOLER_DEFAULTS[environment].clientPools).sort()).toEqual([...POSTGRES_CLIENTS].sort());
  });

  it('PgBouncer: clients at replicas.min less the exporter\'s connection each; servers on replicas.max plus the rollout\'s extra pod, one pool per role', () => {
    const { client, server } = budget({ pgbouncer: { replicas: { min: 2, max: 4 }, maxClientConn: 500, defaultPoolSize: 15 }});
    expect(client.limit).toBe(2 * 499);
    expect(server.contributors[0]).toEqual({ name: 'PgBouncer', how: '5 pods (replicas.max 4 + 1 during a rollout) × 2 pools × 15 (default_pool_size)', connections: 150 });
    expect(client.demand).toBe(10 * 10 + 10 * 5); // production pools: API 10, worker 5
  });

  it('DigitalOcean\'s pool: a pool of its size per login user, blue and green both; its client limit is not known', () => {
    const managed = budgetOf(resolvePooler('staging', poolerSchema.parse({ mode: 'digitalocean-managed', managedPool: { size: 20 } })), replicasMax, DIGITALOCEAN_POSTGRES, 'db-s-2vcpu-4gb') as ConnectionBudget;
    expect(managed.server.contributors[0].connections).toBe(2 * 2 * 20);
    expect(managed.server.limit).toBe(100);
    expect(managed.client.limit).toBeUndefined();
    expect(budgetOf(resolvePooler('staging', poolerSchema.parse({ mode: 'digitalocean-managed' })), replicasMax, DIGITALOCEAN_POSTGRES, 'db-s-2vcpu-4gb')).toEqual({
      path: 'pooler.managedPool',
      message: expect.stringContaining('required with mode "digitalocean-managed"'),
    });
  });

  it('environment defaults fill what the overlay leaves out, and its values win', () => {
    expect(resolvePooler('staging', poolerSchema.parse({})).pgbouncer).toEqual({ replicas: { min: 1, max: 2 }, maxClientConn: 1000, defaultPoolSize: 10 });
    expect(resolvePooler('production', poolerSchema.parse({ pgbouncer: { replicas: { max: 6 } }, clientPools: { 'moderation-worker': 3 } }))).toMatchObject({
      pgbouncer: { replicas: { min: 2, max: 6 }, defaultPoolSize: 20 },
      clientPools: { 'moderation-api': 10, 'moderation-worker': 3 },
    });
  });
});

/** The numbers of the repository's targets, written out so a change to any input shows here. */
describe.each([
  ['eks-production', { client: [260, 1998], server: [212, 1802] }],
  ['eks-staging', { client: [30, 999], server: [72, 450] }],
  ['doks-production', { client: [260, 1998], server: [212, 400] }],
  ['doks-staging', { client: [30, undefined], server: [92, 100] }],
] as const)('the budget of %s', (name, expected) => {
  it('holds at maximum scale, with these numbers', () => {
    const budget = overlayBudget(overlayPooler(overlayInput(name))!) as ConnectionBudget;
    expect([budget.client.demand, budget.client.limit]).toEqual(expected.client);
    expect([budget.server.demand, budget.server.limit]).toEqual(expected.server);
    expect(budgetProblems(budget)).toEqual([]);
  });
});
