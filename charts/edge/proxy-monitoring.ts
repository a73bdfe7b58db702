import { Construct } from 'constructs';
import { PodMonitor } from '../../imports/podmonitors-monitoring.coreos.com';
import type { Target } from '../config/target';
import { envoyProxyPodLabels } from './envoy-proxy';

/**
 * Prometheus scrapes this Gateway's Envoy proxies (in the edge namespace) on the `metrics` port
 * Envoy Gateway gives them: request rates and status codes per route, 429s from the rate limits,
 * 403s from the admin-path policy, upstream errors and retries.
 */
export class EdgeProxyMonitoring extends Construct {
  readonly podMonitor: PodMonitor;

  constructor(scope: Construct, id: string, props: { readonly target: Target }) {
    super(scope, id);
    const { target } = props;
    this.podMonitor = new PodMonitor(this, 'pod-monitor', {
      metadata: { name: 'edge-proxy', namespace: target.namespace },
      spec: {
        namespaceSelector: { matchNames: [target.network.edgeNamespace] },
        selector: { matchLabels: envoyProxyPodLabels(target) },
        podMetricsEndpoints: [{ port: 'metrics', path: '/stats/prometheus', interval: '30s', scrapeTimeout: '10s' }],
      },
    });
  }
}
