import type { Construct } from 'constructs';
import { Cluster } from '../../../imports/clusters-database.digitalocean.m.crossplane.io';
import { ConnectionPool } from '../../../imports/connectionpools-database.digitalocean.m.crossplane.io';
import { Db } from '../../../imports/dbs-database.digitalocean.m.crossplane.io';
import { Firewall } from '../../../imports/firewalls-database.digitalocean.m.crossplane.io';
import { KafkaTopic } from '../../../imports/kafkatopics-database.digitalocean.m.crossplane.io';
import { LogSinkOpenSearch } from '../../../imports/logsinkopensearches-database.digitalocean.m.crossplane.io';
import { PostgreSqlConfig } from '../../../imports/postgresqlconfigs-database.digitalocean.m.crossplane.io';
import { Replica } from '../../../imports/replicas-database.digitalocean.m.crossplane.io';
import { User } from '../../../imports/users-database.digitalocean.m.crossplane.io';
import { ValkeyConfig } from '../../../imports/valkeyconfigs-database.digitalocean.m.crossplane.io';
import { standbyIn } from '../../disaster-recovery/pairing';
import { isStandby } from '../../disaster-recovery/standby';
import { indexPrefix } from '../../logging/destinations';
import { retentionOf } from '../../logging/schema';
import { PLATFORM_SERVICES, SERVICE_NAMES, type BackingServiceName, type ServiceName } from '../../platform/services';
import { poolerSettings } from '../../pooler/schema';
import { databaseHighAvailability, type EstateContext } from '../estate';
import { maintenanceHour } from './cluster';
import { doSettings, doTags, managed, NAMES, nodeTag, ref } from './common';
import { LOGSINK_CA_SECRET } from './credentials';

/** Mebibytes in a gibibyte: DigitalOcean sizes database storage in MiB. */
const MIB_PER_GIB = 1024;
/** Nodes of a PostgreSQL cluster with a hot standby in another zone, and without. */
const POSTGRES_NODES = { standby: 2, single: 1 } as const;
/** Replicas of every Kafka topic: with `min.insync.replicas` 2, a write survives the loss of a broker and the topic stays writable. */
export const KAFKA_REPLICATION_FACTOR = 3;
const KAFKA_MIN_INSYNC_REPLICAS = 2;
/** The pool mode of DigitalOcean's managed PgBouncer: transaction pooling, like the in-cluster PgBouncer. */
const MANAGED_POOL_MODE = 'transaction';
/** Seconds the log sink waits for OpenSearch per delivery. */
const LOGSINK_TIMEOUT_SECONDS = 10;
/** What pg_stat_statements tracks: statements the clients send (not those inside functions). */
const PG_STAT_STATEMENTS_TRACK = 'top';

/** A database user name from a service name (`moderation-api` → `moderation_api`): no quoting in SQL. */
export function databaseUser(service: ServiceName): string {
  return service.replace(/-/g, '_');
}

/** The services that use a managed service, in a stable order. */
function usersOf(service: BackingServiceName): ServiceName[] {
  return SERVICE_NAMES.filter((name) => PLATFORM_SERVICES[name].uses.includes(service));
}

/**
 * What a Kafka user of a service may do on the worker's topic: the API publishes submissions, the
 * worker consumes them.
 */
const KAFKA_PERMISSIONS: Partial<Record<ServiceName, 'produce' | 'consume' | 'produceconsume'>> = { 'moderation-api': 'produce', 'moderation-worker': 'consume' };

/**
 * The trusted sources of a managed database: the cluster's nodes (by the tag each node pool carries)
 * and, on a VPC-native cluster, its pod range (pods reach the VPC with their own addresses). Nothing else.
 */
export function trustedSources(context: EstateContext): { type: string; value: string }[] {
  const pods = doSettings(context).clusterNetwork?.podCidr;
  return [{ type: 'tag', value: nodeTag(context) }, ...(pods ? [{ type: 'ip_addr', value: pods }] : [])];
}

interface DatabaseClusterProps {
  readonly suffix: string;
  readonly engine: 'pg' | 'valkey' | 'kafka';
  readonly version: string;
  readonly size: string;
  readonly nodeCount: number;
  readonly storageGiB?: number;
}

/** A managed database cluster in the VPC and the project, with its connection Secret and a firewall that trusts only the cluster. */
function databaseCluster(scope: Construct, context: EstateContext, props: DatabaseClusterProps): Cluster {
  const settings = doSettings(context);
  const { metadata, providerConfigRef } = managed(context, props.suffix);
  const cluster = new Cluster(scope, props.suffix, {
    metadata,
    spec: {
      providerConfigRef,
      writeConnectionSecretToRef: { name: metadata.name },
      forProvider: {
        name: metadata.name,
        engine: props.engine,
        version: props.version,
        size: props.size,
        nodeCount: props.nodeCount,
        region: context.target.cluster.region,
        storageSizeMib: props.storageGiB === undefined ? undefined : String(props.storageGiB * MIB_PER_GIB),
        privateNetworkUuidRef: ref(context, NAMES.vpc),
        projectIdRef: ref(context, NAMES.project),
        maintenanceWindow: [{ day: settings.maintenance.day, hour: maintenanceHour(settings.maintenance.hour) }],
        tags: doTags(context),
      },
    },
  });
  new Firewall(scope, `${props.suffix}-firewall`, {
    metadata: managed(context, `${props.suffix}-firewall`).metadata,
    spec: { providerConfigRef, forProvider: { clusterIdRef: ref(context, props.suffix), rule: trustedSources(context) } },
  });
  return cluster;
}

/** A user of a database cluster, named by its external name; its password lands in its connection Secret (`attribute.password`), generated by DigitalOcean. */
function databaseUserOf(scope: Construct, context: EstateContext, cluster: string, service: ServiceName, settings?: { acl: { topic: string; permission: string }[] }[]): void {
  const { metadata, providerConfigRef } = managed(context, `${cluster}-user-${service}`);
  new User(scope, `${cluster}-user-${service}`, {
    metadata: { ...metadata, annotations: { 'crossplane.io/external-name': databaseUser(service) } },
    spec: { providerConfigRef, writeConnectionSecretToRef: { name: metadata.name }, forProvider: { clusterIdRef: ref(context, cluster), settings } },
  });
}

/**
 * Managed PostgreSQL: the major version the backups restore into, a standby in production, the
 * services' database and users, slow-query logging and pg_stat_statements, DigitalOcean's own pool
 * where the pooler says so, and in production a read-only replica in the backup region.
 */
function buildPostgres(scope: Construct, context: EstateContext): void {
  const { target } = context;
  const { postgres } = target.infra;
  databaseCluster(scope, context, {
    suffix: NAMES.postgres,
    engine: 'pg',
    version: String(target.backups.postgresMajorVersion),
    size: postgres.size,
    nodeCount: databaseHighAvailability(target) ? POSTGRES_NODES.standby : POSTGRES_NODES.single,
    storageGiB: postgres.storageGiB,
  });
  const { providerConfigRef } = managed(context, NAMES.postgres);
  const pooler = poolerSettings(target);
  new Db(scope, 'postgres-database', {
    metadata: managed(context, 'postgres-database').metadata,
    spec: { providerConfigRef, forProvider: { clusterIdRef: ref(context, NAMES.postgres), name: pooler.database.name } },
  });
  for (const service of usersOf('postgres')) databaseUserOf(scope, context, NAMES.postgres, service);
  new PostgreSqlConfig(scope, 'postgres-config', {
    metadata: managed(context, 'postgres-config').metadata,
    spec: {
      providerConfigRef,
      forProvider: { clusterIdRef: ref(context, NAMES.postgres), logMinDurationStatement: doSettings(context).slowQueryMs, pgStatStatementsTrack: PG_STAT_STATEMENTS_TRACK },
    },
  });
  if (pooler.mode === 'digitalocean-managed' && pooler.managedPool) {
    const pool = managed(context, 'postgres-pool');
    new ConnectionPool(scope, 'postgres-pool', {
      metadata: pool.metadata,
      spec: {
        providerConfigRef,
        writeConnectionSecretToRef: { name: pool.metadata.name },
        forProvider: { clusterIdRef: ref(context, NAMES.postgres), name: pooler.database.name, dbName: pooler.database.name, mode: MANAGED_POOL_MODE, size: pooler.managedPool.size },
      },
    });
  }
  const copy = postgres.crossRegionBackup;
  if (copy) {
    const replica = managed(context, NAMES.postgresReplica);
    // A VPC is regional: the replica joins the VPC of the disaster-recovery standby in its region
    // (whose cluster reads it, and promotes it), else its region's default VPC.
    const standby = standbyIn(target.name, copy.region);
    const network = standby ? { privateNetworkUuidRef: { name: `${String(standby.clusterName)}-${NAMES.vpc}`, namespace: standby.estateNamespace } } : {};
    new Replica(scope, 'postgres-replica', {
      metadata: replica.metadata,
      spec: {
        providerConfigRef,
        writeConnectionSecretToRef: { name: replica.metadata.name },
        forProvider: { clusterIdRef: ref(context, NAMES.postgres), name: replica.metadata.name, region: copy.region, size: postgres.size, ...network, tags: doTags(context) },
      },
    });
  }
}

/** Managed Valkey with RDB persistence and TLS required. */
function buildCache(scope: Construct, context: EstateContext): void {
  const { cache } = context.target.infra;
  databaseCluster(scope, context, { suffix: NAMES.cache, engine: 'valkey', version: doSettings(context).valkeyVersion, size: cache.size, nodeCount: cache.nodes });
  new ValkeyConfig(scope, 'cache-config', {
    metadata: managed(context, 'cache-config').metadata,
    spec: { providerConfigRef: managed(context, NAMES.cache).providerConfigRef, forProvider: { clusterIdRef: ref(context, NAMES.cache), persistence: 'rdb', ssl: true } },
  });
}

/** Managed Kafka, the worker's topic with as many partitions as the worker may have replicas, and a user per service with its ACL. */
function buildKafka(scope: Construct, context: EstateContext): void {
  const { target } = context;
  const { kafka } = target.infra;
  databaseCluster(scope, context, { suffix: NAMES.kafka, engine: 'kafka', version: doSettings(context).kafkaVersion, size: kafka.size, nodeCount: kafka.brokers, storageGiB: kafka.storageGiB });
  const { providerConfigRef } = managed(context, NAMES.kafka);
  const { topic, partitions } = target.scaling.worker;
  new KafkaTopic(scope, 'kafka-topic', {
    metadata: managed(context, 'kafka-topic-worker').metadata,
    spec: {
      providerConfigRef,
      forProvider: {
        clusterIdRef: ref(context, NAMES.kafka),
        name: topic,
        partitionCount: partitions,
        replicationFactor: Math.min(KAFKA_REPLICATION_FACTOR, kafka.brokers),
        config: [{ minInsyncReplicas: KAFKA_MIN_INSYNC_REPLICAS }],
      },
    },
  });
  for (const service of usersOf('kafka')) {
    const permission = KAFKA_PERMISSIONS[service] ?? 'produceconsume';
    databaseUserOf(scope, context, NAMES.kafka, service, [{ acl: [{ topic, permission }] }]);
  }
}

/**
 * Each managed database's logs, shipped by DigitalOcean to the OpenSearch cluster the logging feature
 * writes to, under the target's index prefix (so its ISM policy deletes them after `logging.retentionDays`).
 */
function buildLogSinks(scope: Construct, context: EstateContext): void {
  const { target, cloud } = context;
  const { destination } = target.logging;
  if (cloud.logStore.kind !== 'opensearch' || destination.host === undefined) return;
  const endpoint = `https://${destination.host}:${destination.port ?? cloud.logStore.port}`;
  for (const database of databaseNames(context)) {
    const { metadata, providerConfigRef } = managed(context, `${database}-logsink`);
    new LogSinkOpenSearch(scope, `${database}-logsink`, {
      metadata,
      spec: {
        providerConfigRef,
        forProvider: {
          clusterIdRef: ref(context, database),
          name: metadata.name,
          endpoint,
          indexPrefix: `${indexPrefix(target.environment)}-db-${database}`,
          indexDaysMax: retentionOf(target),
          timeoutSeconds: LOGSINK_TIMEOUT_SECONDS,
          caCertSecretRef: { name: LOGSINK_CA_SECRET.name, key: LOGSINK_CA_SECRET.key },
        },
      },
    });
  }
}

/**
 * The managed databases of the target: on a disaster-recovery standby, Valkey and Kafka only, for its
 * PostgreSQL is the read-only replica its primary's estate keeps in this region (`databaseNames`).
 */
export function databaseNames(context: EstateContext): (typeof NAMES)[keyof typeof NAMES][] {
  return isStandby(context.target) ? [NAMES.cache, NAMES.kafka] : [NAMES.postgres, NAMES.cache, NAMES.kafka];
}

/** The managed PostgreSQL, Valkey and Kafka of the target, their users, firewalls and log sinks. */
export function buildDatabases(scope: Construct, context: EstateContext): void {
  if (databaseNames(context).includes(NAMES.postgres)) buildPostgres(scope, context);
  buildCache(scope, context);
  buildKafka(scope, context);
  buildLogSinks(scope, context);
}
