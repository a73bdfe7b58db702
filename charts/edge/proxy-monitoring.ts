import { Construct } from 'constructs';
import { PodMonitor } from '../../imports/podmonitors-monitoring.coreos.com';
import { envoyProxyPodLabels } from './envoy-proxy';

/** Envoy's Prometheus endpoint, on the `metrics` port Envoy Gateway gives its proxy pods. */
const ENVOY_METRICS = { port: 'metrics', path: '/stats/prometheus' } as const;

/** Scrape timing, the same as the workloads': a sample every 30 s, abandoned after 10 s. */
const SCRAPE = { interval: '30s', scrapeTimeout: '10s' } as const;

export interface EdgeProxyMonitoringProps {
  /** Name of the PodMonitor. */
  readonly name: string;
  /** Namespace of the PodMonitor, which is also the Gateway's. */
  readonly namespace: string;
  /** The Gateway whose proxy pods are scraped. */
  readonly gatewayName: string;
  /** Namespace Envoy Gateway runs the proxy pods in (`network.edgeNamespace`). */
  readonly proxyNamespace: string;
}

/**
 * Prometheus scrapes this Gateway's Envoy proxies (in the edge namespace) on the `metrics` port
 * Envoy Gateway gives them: request rates and status codes per route, 429s from the rate limits,
 * 403s from the admin-path policy, upstream errors and retries.
 */
export class EdgeProxyMonitoring extends Construct {
  readonly podMonitor: PodMonitor;

  constructor(scope: Construct, id: string, props: EdgeProxyMonitoringProps) {
    super(scope, id);
    this.podMonitor = new PodMonitor(this, 'pod-monitor', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        namespaceSelector: { matchNames: [props.proxyNamespace] },
        selector: { matchLabels: envoyProxyPodLabels(props.gatewayName, props.namespace) },
        podMetricsEndpoints: [{ ...ENVOY_METRICS, ...SCRAPE }],
      },
    });
  }
}
