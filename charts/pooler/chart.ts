import type { Construct } from 'constructs';
import { endpointKeyRef, endpointSecretName, estateEndpoints } from '../infra/endpoints';
import type { FeatureChartProps } from '../platform/feature';
import { appLabels, selectorLabels } from '../platform/labels';
import { PlatformChart } from '../platform/platform-chart';
import { imagePullSecret } from '../secrets/credentials';
import { reloadOnSecrets } from '../secrets/wiring';
import { priorityClassName } from '../workloads/priority-classes';
import { EndpointNetworkPolicy } from '../network/endpoint-network-policy';
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
    // The database's host and port come from its endpoint Secret at start; its ranges are the estate's, its port the cloud's.
    const database = { cidrs: estateEndpoints(target, cloud).postgres.cidrs, port: cloud.estatePorts.postgres };
    const selector = selectorLabels(PGBOUNCER_NAME, target);
    const logins: PgBouncerLogin[] = POSTGRES_CLIENTS.map((service) => ({ name: service, secretName: loginSecretName(service), usernameKey: LOGIN_KEYS.username, passwordKey: LOGIN_KEYS.password }));
    // Like every workload's on a cloud whose registry needs one; harmless for these public images, and a mirror needs it.
    const pull = imagePullSecret(target, cloud);

    this.pgbouncer = new PgBouncer(this, 'pgbouncer', {
      namespace: target.namespace,
      labels: appLabels(target, { name: PGBOUNCER_NAME, component: 'connection-pooler', version: PGBOUNCER_IMAGE.tag }),
      selector,
      database: { name: settings.database.name, host: endpointKeyRef('postgres', 'host'), port: endpointKeyRef('postgres', 'port') },
      logins,
      statsPassword: { secretName: PGBOUNCER_SECRET.name, key: PGBOUNCER_SECRET.key },
      serverCa: { secretName: POSTGRES_CA_SECRET.name, key: POSTGRES_CA_SECRET.key },
      maxClientConn: settings.pgbouncer.maxClientConn,
      defaultPoolSize: settings.pgbouncer.defaultPoolSize,
      replicas: settings.pgbouncer.replicas,
      priorityClassName: priorityClassName('serving'),
      zoneSpread: cloud.zoneSpread,
      // A rotated password (or CA) or a moved database rolls the pods, whose auth file and [databases] are written at start.
      annotations: reloadOnSecrets([...logins.map((l) => l.secretName), PGBOUNCER_SECRET.name, POSTGRES_CA_SECRET.name, endpointSecretName('postgres')]),
      imagePullSecrets: pull ? [pull.secretName] : undefined,
    });

    new EndpointNetworkPolicy(this, 'network-policy', {
      name: PGBOUNCER_NAME,
      namespace: target.namespace,
      selector,
      clients: POSTGRES_CLIENTS.map((service) => selectorLabels(service, target)),
      port: 'postgres',
      metrics: { port: 'metrics', namespace: target.network.monitoringNamespace },
      egress: database,
    });
  }
}
