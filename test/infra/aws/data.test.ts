/** PostgreSQL, Valkey and Kafka of the AWS estate: the environment's availability and retention, encryption, no password anywhere, connection details where endpoints() says. */
import { cloudProfile } from '../../../charts/cloud';
import { databaseBackupRetentionDays, estateContext } from '../../../charts/infra/estate';
import { configProblems } from '../../support/overlay';
import { forProvider, ofKind, one, renderEstate } from '../../support/estate';

const INSTANCE = 'rds.aws.m.upbound.io/Instance';

describe.each(['eks-production', 'eks-staging'])('the data services of %s', (name) => {
  const { target, estate } = renderEstate(name);
  const context = estateContext(target, cloudProfile(target.cloud));
  const endpoints = context.cloud.estate.endpoints(context);
  const production = target.environment === 'production';
  const instance = one(estate, INSTANCE, context.name('postgres'));
  const db = forProvider(instance);

  it(`runs PostgreSQL ${production ? 'Multi-AZ' : 'in one zone'}, keeping ${production ? 14 : 7} days of backups and point-in-time recovery`, () => {
    expect(db.multiAz).toBe(production);
    expect(db.backupRetentionPeriod).toBe(databaseBackupRetentionDays(target.infra, target.environment));
    expect(db.backupRetentionPeriod).toBe(production ? 14 : 7);
  });

  it('encrypts with its own key, protects against deletion and keeps a final snapshot', () => {
    expect(db).toMatchObject({ storageEncrypted: true, deletionProtection: true, skipFinalSnapshot: false, publiclyAccessible: false });
    expect(one(estate, 'kms.aws.m.upbound.io/Key', db.kmsKeyIdRef.name)).toBeDefined();
    expect(forProvider(one(estate, 'kms.aws.m.upbound.io/Key', db.kmsKeyIdRef.name)).enableKeyRotation).toBe(true);
    expect(db.finalSnapshotIdentifier).toBe(context.name('postgres-final'));
  });

  it('has RDS generate and keep the master password: no password or Secret reference in the estate', () => {
    expect(db.manageMasterUserPassword).toBe(true);
    expect(db.passwordSecretRef ?? db.password).toBeUndefined();
  });

  it('logs slow statements and loads pg_stat_statements, for the pinned major', () => {
    const group = forProvider(one(estate, 'rds.aws.m.upbound.io/ParameterGroup', db.parameterGroupNameRef.name));
    expect(group.family).toBe(`postgres${target.backups.postgresMajorVersion}`);
    const parameters = Object.fromEntries(group.parameter.map((p: { name: string; value: string }) => [p.name, p.value]));
    expect(Number(parameters.log_min_duration_statement)).toBeGreaterThan(0);
    expect(parameters.shared_preload_libraries).toContain('pg_stat_statements');
  });

  it(production ? 'replicates automated backups to the second region, with a key there' : 'keeps no backup copies elsewhere', () => {
    const copies = ofKind(estate, 'rds.aws.m.upbound.io/DBInstanceAutomatedBackupsReplication').map(forProvider);
    if (!production) return expect(copies).toEqual([]);
    const region = target.infra.postgres.crossRegionBackup!.region;
    expect(copies).toEqual([expect.objectContaining({ region, retentionPeriod: db.backupRetentionPeriod, sourceDbInstanceArnRef: { name: instance.metadata.name } })]);
    expect(forProvider(one(estate, 'kms.aws.m.upbound.io/Key', copies[0].kmsKeyIdRef.name)).region).toBe(region);
  });

  it('runs Valkey with automatic Multi-AZ failover, TLS, encryption at rest and a generated AUTH token', () => {
    const cache = forProvider(one(estate, 'elasticache.aws.m.upbound.io/ReplicationGroup', context.name('cache')));
    expect(cache).toMatchObject({ engine: 'valkey', numCacheClusters: target.infra.cache.nodes, transitEncryptionEnabled: true, atRestEncryptionEnabled: 'true', autoGenerateAuthToken: true });
    expect(cache.automaticFailoverEnabled && cache.multiAzEnabled).toBe(target.infra.cache.nodes >= 2);
  });

  it('runs MSK with IAM authentication, TLS, encryption at rest and the worker\'s partitions', () => {
    const kafka = forProvider(one(estate, 'kafka.aws.m.upbound.io/Cluster', context.name('kafka')));
    expect(kafka).toMatchObject({ numberOfBrokerNodes: target.infra.kafka.brokers, clientAuthentication: { sasl: { iam: true }, unauthenticated: false }, encryptionInfo: { encryptionInTransit: { clientBroker: 'TLS', inCluster: true } } });
    expect(kafka.brokerNodeGroupInfo.clientSubnetsRefs).toHaveLength(3);
    const configuration = forProvider(one(estate, 'kafka.aws.m.upbound.io/Configuration', kafka.configurationInfo.arnRef.name));
    const properties = Object.fromEntries(configuration.serverProperties.split('\n').map((line: string) => line.split('=')));
    expect(Number(properties['num.partitions'])).toBe(target.scaling.worker.partitions);
    expect(Number(properties['min.insync.replicas'])).toBeLessThan(Number(properties['default.replication.factor']));
  });

  it('writes the connection details to the Secrets endpoints() names, with the keys its templates read', () => {
    expect((instance.spec as { writeConnectionSecretToRef: { name: string } }).writeConnectionSecretToRef.name).toBe(endpoints.postgres.connectionSecret);
    const cache = one(estate, 'elasticache.aws.m.upbound.io/ReplicationGroup', context.name('cache'));
    expect((cache.spec as { writeConnectionSecretToRef: { name: string } }).writeConnectionSecretToRef.name).toBe(endpoints.redis.connectionSecret);
    // provider-upjet-aws writes RDS `address`/`port` and ElastiCache `primary_endpoint_address`/`port`.
    expect(endpoints.postgres.keys).toEqual({ host: '{{ .address }}', port: '{{ .port }}' });
    expect(endpoints.redis.keys).toEqual({ host: '{{ .primary_endpoint_address }}', port: '{{ .port }}' });
  });
});

describe('a disaster-recovery estate', () => {
  const sourceArn = 'arn:aws:rds:us-east-1:123456789012:db:moderation-prod-postgres';
  // eks-production-dr is eks-production's disaster-recovery standby (charts/disaster-recovery).
  it('renders PostgreSQL as a cross-region read replica of the primary, with no backup copy of its own', () => {
    const { target, estate } = renderEstate('eks-production-dr');
    const db = forProvider(ofKind(estate, INSTANCE)[0]);
    expect(db).toMatchObject({ region: target.cluster.region, replicateSourceDb: sourceArn, storageEncrypted: true, deletionProtection: true });
    expect(db.engine ?? db.username ?? db.manageMasterUserPassword).toBeUndefined();
    expect(ofKind(estate, 'rds.aws.m.upbound.io/DBInstanceAutomatedBackupsReplication')).toEqual([]);
  });

  it('refuses a replica of a primary in its own region', () => {
    expect(configProblems('eks-production', (input) => (input.infra.aws = { postgresReplicaOf: { sourceArn } }))).toEqual([
      'infra.aws.postgresReplicaOf: makes the database a read-only replica: only a disaster-recovery standby has one (set disasterRecovery), so no migration or backup runs against it',
      'infra.aws.postgresReplicaOf.sourceArn: is in the cluster\'s own region us-east-1: a standby there does not survive the region (use infra.postgres.highAvailability)',
    ]);
  });

  it('requires a standby\'s replica to be of its primary\'s instance, and the standby to answer as secondary', () => {
    expect(configProblems('eks-production-dr', (input) => delete input.infra.aws.postgresReplicaOf)).toEqual([
      'infra.aws.postgresReplicaOf: is required on a standby: { sourceArn: "arn:aws:rds:us-east-1:<account>:db:moderation-prod-postgres" }, the primary\'s instance',
    ]);
    expect(configProblems('eks-production-dr', (input) => (input.infra.aws.postgresReplicaOf.sourceArn = 'arn:aws:rds:us-east-1:123456789012:db:other'))).toEqual([
      'infra.aws.postgresReplicaOf.sourceArn: must name "eks-production"\'s instance "moderation-prod-postgres" in us-east-1, not "other" in us-east-1',
    ]);
    expect(configProblems('eks-production-dr', (input) => (input.infra.aws.failover.role = 'primary'))).toEqual([
      'infra.aws.failover.role: is "primary" on a standby of "eks-production": Route 53 would send traffic here while the primary is healthy; leave it out (secondary)',
    ]);
  });
});
