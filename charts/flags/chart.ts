import type { Construct } from 'constructs';
import type { FeatureChartProps } from '../platform/feature';
import { appLabels, selectorLabels } from '../platform/labels';
import { PlatformChart } from '../platform/platform-chart';
import { imagePullSecret } from '../secrets/credentials';
import { workloadImage } from '../workloads/chart';
import { priorityClassName } from '../workloads/priority-classes';
import { loadFlagFile } from './flag-file';
import { FLAGD_NAME, FLAGD_PORT_NAMES, Flagd } from './flagd';
import { FLAG_CLIENTS } from './clients';
import { EndpointNetworkPolicy } from '../network/endpoint-network-policy';
import { flagsSettings } from './schema';


/**
 * `dist/<target>/flags.yaml`: flagd serving the target's flag file to the services, and its
 * NetworkPolicy (docs/features/flags.md).
 */
export class FlagsChart extends PlatformChart {
  readonly flagd: Flagd;

  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target, cloud } = props;
    super(scope, id, { target, component: 'feature-flags' });
    const settings = flagsSettings(target);
    const image = workloadImage(settings.image.repository, settings.image.version);
    const selector = selectorLabels(FLAGD_NAME, target);
    // Like every workload's on a cloud whose registry needs one; harmless for this public image, and a mirror needs it.
    const pull = imagePullSecret(target, cloud);

    this.flagd = new Flagd(this, 'flagd', {
      namespace: target.namespace,
      labels: appLabels(target, { name: FLAGD_NAME, component: 'feature-flags', version: image.version }),
      selector,
      // Validated by the rules before any chart is built (./rules.ts).
      flags: loadFlagFile(settings.file).text,
      replicas: settings.replicas,
      image,
      // The services evaluate flags while they answer requests.
      priorityClassName: priorityClassName('serving'),
      zoneSpread: cloud.zoneSpread,
      imagePullSecrets: pull ? [pull.secretName] : undefined,
    });

    new EndpointNetworkPolicy(this, 'network-policy', {
      name: FLAGD_NAME,
      namespace: target.namespace,
      selector,
      clients: FLAG_CLIENTS.map((service) => selectorLabels(service, target)),
      port: FLAGD_PORT_NAMES.evaluation,
      metrics: { port: FLAGD_PORT_NAMES.management, namespace: target.network.monitoringNamespace },
    });
  }
}
