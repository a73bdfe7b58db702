import type { Construct } from 'constructs';
import type { FeatureChartProps } from '../platform/feature';
import { appLabels, selectorLabels } from '../platform/labels';
import { PlatformChart } from '../platform/platform-chart';
import { imagePullSecret } from '../secrets/credentials';
import { RELOADER_SECRET_ANNOTATION } from '../secrets/wiring';
import { priorityClassName } from '../workloads/priority-classes';
import { PoolerNetworkPolicy } from './network-policy';
import { LOGIN_KEYS, loginSecretName, PGBOUNCER_SECRET, POSTGRES_CA_SECRET } from './credentials';
import { PGBOUNCER_IMAGE, PGBOUNCER_NAME, PgBouncer, type PgBouncerLogin } from './pgbouncer';
import { POSTGRES_CLIENTS, poolerSettings } from './schema';

/**
 * `dist/<target>/pooler.yaml`: PgBouncer between the services that use PostgreSQL and the database,
 * and its NetworkPolicy (docs/features/pooler.md).
 */
export class PoolerChart extends PlatformChart {
  readonly pgbouncer: PgBouncer;

  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target, cloud } = props;
    super(scope, id, { target, component: 'connection-pooler' });
    const settings = poolerSettings(target);
    const database = target.backingServices.postgres;
    const selector = selectorLabels(PGBOUNCER_NAME, target);
    const logins: PgBouncerLogin[] = POSTGRES_CLIENTS.map((service) => ({ name: service, secretName: loginSecretName(service), usernameKey: LOGIN_KEYS.username, passwordKey: LOGIN_KEYS.password }));
    // Like every workload's on a cloud whose registry needs one; harmless for these public images, and a mirror needs it.
    const pull = imagePullSecret(target, cloud);

    this.pgbouncer = new PgBouncer(this, 'pgbouncer', {
      namespace: target.namespace,
      labels: appLabels(target, { name: PGBOUNCER_NAME, component: 'connection-pooler', version: PGBOUNCER_IMAGE.tag }),
      selector,
      database: { name: settings.database.name, host: database.host, port: database.port },
      logins,
      statsPassword: { secretName: PGBOUNCER_SECRET.name, key: PGBOUNCER_SECRET.key },
      serverCa: { secretName: POSTGRES_CA_SECRET.name, key: POSTGRES_CA_SECRET.key },
      maxClientConn: settings.pgbouncer.maxClientConn,
      defaultPoolSize: settings.pgbouncer.defaultPoolSize,
      replicas: settings.pgbouncer.replicas,
      priorityClassName: priorityClassName('serving'),
      zoneSpread: cloud.zoneSpread,
      // A rotated password (or CA) rolls the pods, whose auth file is written at start.
      annotations: { [RELOADER_SECRET_ANNOTATION]: [...logins.map((l) => l.secretName), PGBOUNCER_SECRET.name, POSTGRES_CA_SECRET.name].join(',') },
      imagePullSecrets: pull ? [pull.secretName] : undefined,
    });

    new PoolerNetworkPolicy(this, 'network-policy', {
      name: PGBOUNCER_NAME,
      namespace: target.namespace,
      selector,
      clients: POSTGRES_CLIENTS.map((service) => selectorLabels(service, target)),
      port: 'postgres',
      metrics: { port: 'metrics', namespace: target.network.monitoringNamespace },
      database: { cidrs: database.cidrs, port: database.port },
    });
  }
}
