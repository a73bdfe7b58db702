import { EXPORTERS, metricInfo } from './metrics';

/** Label matchers as PromQL writes them, e.g. `condition="false"` or `envoy_cluster_name=~"..."`. */
export type Matchers = readonly string[];

/** A PromQL double-quoted string (JSON's escaping is a subset of PromQL's). */
export const quote = (value: string): string => JSON.stringify(value);

/** A vector selector: `metric{a="b",...}`. */
export function selector(metric: string, matchers: Matchers = []): string {
  return matchers.length === 0 ? metric : `${metric}{${matchers.join(',')}}`;
}

/** Envoy Gateway names each HTTPRoute rule's cluster `httproute/<namespace>/<route>/rule/<index>`. */
export function envoyClusters(namespace: string, routes?: readonly string[]): string {
  const names = routes ? `(${routes.join('|')})` : '[^/]+';
  return `envoy_cluster_name=~${quote(`httproute/${namespace}/${names}/rule/[0-9]+`)}`;
}

/**
 * The `le` matcher of a histogram bucket. Prometheus 3 stores classic buckets' bounds as floats
 * (`le="1000.0"`, `le="1.0"`) while exporters write `1000` or `1.0`: a whole bound matches either.
 */
export function bucket(bound: number): string {
  return Number.isInteger(bound) ? `le=~${quote(`${bound}([.]0)?`)}` : `le=${quote(String(bound))}`;
}

/**
 * The series of a catalogue metric (charts/alerting/metrics.ts) about objects in `namespace`, with
 * their `namespace` label set to that namespace, whichever label the exporter reports it in:
 * `exported_namespace` (cert-manager, External Secrets, KEDA, the log collector), the route's
 * namespace in an Envoy cluster name, none for a cluster-wide component. `around`
 * wraps the raw selector first, for functions of a range (`(s) => \`rate(${s}[5m])\``), since
 * `label_replace` takes an instant vector.
 */
export function seriesIn(namespace: string, metric: string, matchers: Matchers = [], around: (selector: string) => string = (s) => s): string {
  const info = metricInfo(metric);
  if (!info) throw new Error(`${metric} is not in the metric catalogue (charts/alerting/metrics.ts)`);
  const source = EXPORTERS[info.exporter].namespace;
  switch (source.kind) {
    case 'label': {
      const selected = around(selector(metric, [`${source.label}=${quote(namespace)}`, ...matchers]));
      return source.label === 'namespace' ? selected : `label_replace(${selected}, "namespace", "$1", ${quote(source.label)}, "(.+)")`;
    }
    case 'envoy-cluster': {
      const clusters = matchers.some((m) => m.startsWith('envoy_cluster_name')) ? matchers : [envoyClusters(namespace), ...matchers];
      return `label_replace(${around(selector(metric, clusters))}, "namespace", "$1", "envoy_cluster_name", "httproute/([^/]+)/.+")`;
    }
    case 'cluster-wide':
      return `label_replace(${around(selector(metric, matchers))}, "namespace", ${quote(namespace)}, "namespace", ".*")`;
  }
}

/** Envoy series (from `seriesIn`) with the `route` label: the HTTPRoute's name, from the cluster name. */
export function withRoute(envoySeries: string): string {
  return `label_replace(${envoySeries}, "route", "$1", "envoy_cluster_name", "httproute/[^/]+/([^/]+)/.+")`;
}

/** `(s) => rate(s[window])`, for `seriesIn`'s `around`. */
export const rate = (window: string) => (s: string) => `rate(${s}[${window}])`;
