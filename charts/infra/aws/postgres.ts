import { Construct } from 'constructs';
import { DbInstanceAutomatedBackupsReplication } from '../../../imports/dbinstanceautomatedbackupsreplications-rds.aws.m.upbound.io';
import { Instance } from '../../../imports/instances-rds.aws.m.upbound.io';
import { ParameterGroup } from '../../../imports/parametergroups-rds.aws.m.upbound.io';
import { SubnetGroup } from '../../../imports/subnetgroups-rds.aws.m.upbound.io';
import { BACKING_SERVICE_DEFAULT_PORTS } from '../../platform/services';
import { databaseBackupRetentionDays, databaseHighAvailability, type EstateContext } from '../estate';
import { awsSettings, managed, ref, tagsOf } from './context';
import { dataKey } from './keys';
import { dataSecurityGroup, type NetworkRefs } from './network';

/** Statements slower than this are logged (`log_min_duration_statement`), in milliseconds. */
export const SLOW_QUERY_MS = 500;
/** Storage autoscaling: RDS may grow the volume up to this multiple of `infra.postgres.storageGiB`. */
export const STORAGE_AUTOSCALING_FACTOR = 2;
/** Days Performance Insights keeps its history (the free tier). */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;
/** The master login RDS creates; the platform's own roles are created by the migrations. */
export const MASTER_USERNAME = 'moderation_admin';
/** UTC windows: backups at night before the logical dump (02:17), maintenance on Sunday morning. */
export const BACKUP_WINDOW = '00:30-01:30';
export const MAINTENANCE_WINDOW = 'sun:03:00-sun:04:00';
/** Logs RDS ships to CloudWatch Logs. */
export const POSTGRES_LOG_EXPORTS = ['postgresql', 'upgrade'] as const;

/** The database instance's name (and RDS identifier) and its parameter group's. */
export const postgresNames = (context: EstateContext) => ({
  instance: context.name('postgres'),
  parameters: context.name(`postgres${context.target.backups.postgresMajorVersion}`),
  finalSnapshot: context.name('postgres-final'),
});

export interface AwsPostgresProps {
  readonly network: NetworkRefs;
  /** The Secret the instance writes its connection details to (`endpoints().postgres.connectionSecret`). */
  readonly connectionSecret: string;
}

/**
 * RDS for PostgreSQL: the major the backups feature pins, encrypted with its own KMS key, Multi-AZ
 * where `databaseHighAvailability`, deletion protection and a final snapshot, automated backups
 * and point-in-time recovery for `databaseBackupRetentionDays`, replicated to
 * `infra.postgres.crossRegionBackup.region`, slow queries logged and `pg_stat_statements` loaded;
 * the master password generated and kept by RDS in Secrets Manager. With `infra.aws.postgresReplicaOf`
 * (a disaster-recovery estate) the instance is a cross-region read replica of that primary instead.
 */
export class AwsPostgres extends Construct {
  constructor(scope: Construct, id: string, context: EstateContext, props: AwsPostgresProps) {
    super(scope, id);
    const { target } = context;
    const { infra, backups } = target;
    const region = target.cluster.region;
    const names = postgresNames(context);
    const replicaOf = awsSettings(context).postgresReplicaOf;
    const retentionDays = databaseBackupRetentionDays(infra, target.environment);
    const port = BACKING_SERVICE_DEFAULT_PORTS.postgres;

    const key = dataKey(this, context, 'postgres', region, 'PostgreSQL storage, snapshots and Performance Insights');
    const securityGroup = dataSecurityGroup(this, context, props.network, 'postgres', port);
    const subnets = managed(context, names.instance);
    new SubnetGroup(this, 'subnets', {
      metadata: subnets.metadata,
      spec: { providerConfigRef: subnets.providerConfigRef, forProvider: { region, description: `Private subnets of ${names.instance}`, subnetIdRefs: [...props.network.privateSubnets], tags: tagsOf(context, names.instance) } },
    });
    const parameters = managed(context, names.parameters);
    new ParameterGroup(this, 'parameters', {
      metadata: parameters.metadata,
      spec: {
        providerConfigRef: parameters.providerConfigRef,
        forProvider: {
          region,
          family: `postgres${backups.postgresMajorVersion}`,
          description: `${names.instance}: slow queries logged, pg_stat_statements loaded`,
          parameter: [
            { name: 'log_min_duration_statement', value: String(SLOW_QUERY_MS), applyMethod: 'immediate' },
            { name: 'shared_preload_libraries', value: 'pg_stat_statements', applyMethod: 'pending-reboot' },
            { name: 'pg_stat_statements.track', value: 'top', applyMethod: 'immediate' },
          ],
          tags: tagsOf(context, names.parameters),
        },
      },
    });

    const source = replicaOf
      ? { replicateSourceDb: replicaOf.sourceArn }
      : {
          engine: 'postgres',
          engineVersion: String(backups.postgresMajorVersion),
          allocatedStorage: infra.postgres.storageGiB,
          dbName: backups.database,
          username: MASTER_USERNAME,
          // RDS generates the master password and keeps (and rotates) it in Secrets Manager, encrypted
          // with the database's key: it never passes through the management cluster.
          manageMasterUserPassword: true,
          masterUserSecretKmsKeyIdRef: key,
        };
    const instance = managed(context, names.instance);
    new Instance(this, 'instance', {
      metadata: instance.metadata,
      spec: {
        providerConfigRef: instance.providerConfigRef,
        writeConnectionSecretToRef: { name: props.connectionSecret },
        forProvider: {
          region,
          ...source,
          instanceClass: infra.postgres.size,
          maxAllocatedStorage: infra.postgres.storageGiB * STORAGE_AUTOSCALING_FACTOR,
          storageType: 'gp3',
          storageEncrypted: true,
          kmsKeyIdRef: key,
          multiAz: databaseHighAvailability(target),
          port,
          dbSubnetGroupNameRef: ref(names.instance),
          vpcSecurityGroupIdRefs: [securityGroup],
          parameterGroupNameRef: ref(names.parameters),
          publiclyAccessible: false,
          backupRetentionPeriod: retentionDays,
          backupWindow: BACKUP_WINDOW,
          maintenanceWindow: MAINTENANCE_WINDOW,
          copyTagsToSnapshot: true,
          deleteAutomatedBackups: false,
          deletionProtection: true,
          skipFinalSnapshot: false,
          finalSnapshotIdentifier: names.finalSnapshot,
          autoMinorVersionUpgrade: true,
          allowMajorVersionUpgrade: false,
          performanceInsightsEnabled: true,
          performanceInsightsRetentionPeriod: PERFORMANCE_INSIGHTS_RETENTION_DAYS,
          enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
          tags: tagsOf(context, names.instance),
        },
      },
    });

    // Copies of the automated backups (and their point-in-time recovery) in a second region, with a key there.
    const copy = infra.postgres.crossRegionBackup;
    if (copy && !replicaOf) {
      const copyKey = dataKey(this, context, `postgres-backups-${copy.region}`, copy.region, `PostgreSQL backup copies in ${copy.region}`);
      const replication = managed(context, context.name(`postgres-backups-${copy.region}`));
      new DbInstanceAutomatedBackupsReplication(this, 'backup-replication', {
        metadata: replication.metadata,
        spec: { providerConfigRef: replication.providerConfigRef, forProvider: { region: copy.region, sourceDbInstanceArnRef: ref(names.instance), kmsKeyIdRef: copyKey, retentionPeriod: retentionDays } },
      });
    }
  }
}
