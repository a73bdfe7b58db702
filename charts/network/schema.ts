import { z } from 'zod';
import { cidr, dnsLabel, hostname, labels, labelValue, port } from '../config/primitives';
import { BACKING_SERVICE_DEFAULT_PORTS, type BackingServiceName } from '../platform/services';

/**
 * Config sections of the network feature: where the managed services outside the cluster are
 * (`backingServices`) and the namespaces of the cluster's own components the platform talks to
 * (`network`).
 */

const backingService = (name: BackingServiceName) =>
  z
    .object({
      /** The managed service's DNS name, reached through an in-cluster ExternalName Service. */
      host: hostname,
      port: port.default(BACKING_SERVICE_DEFAULT_PORTS[name]),
      /** The address ranges the service's endpoints live in: the only egress allowed to it. */
      cidrs: z.array(cidr).min(1, 'must list at least one CIDR'),
    })
    .strict();

/**
 * Kafka is reached through its bootstrap brokers, listed: one broker down during patching must not
 * stop new clients from starting, which a single ExternalName host would.
 */
const kafka = z
  .object({
    /** The brokers' DNS names, at least one; list several (one per zone) so bootstrap survives one being down. */
    brokers: z.array(hostname).min(1, 'must list at least one broker').refine((b) => new Set(b).size === b.length, 'must not list a broker twice'),
    /** The port clients authenticate on (SASL/SCRAM over TLS). */
    port: port.default(BACKING_SERVICE_DEFAULT_PORTS.kafka),
    cidrs: z.array(cidr).min(1, 'must list at least one CIDR'),
  })
  .strict();

export const networkConfig = {
  backingServices: z
    .object({ 'postgres': backingService('postgres'), 'redis': backingService('redis'), 'kafka': kafka, 'model-registry': backingService('model-registry') })
    .strict(),
  network: z
    .object({
      /** Namespace of the edge proxy pods (Envoy Gateway puts them in its own namespace). */
      edgeNamespace: dnsLabel.default('envoy-gateway-system'),
      /** Namespace Prometheus scrapes from. */
      monitoringNamespace: dnsLabel.default('monitoring'),
      /**
       * Labels on every monitoring object (PodMonitors, PrometheusRules, the AlertmanagerConfig), which
       * the Prometheus' and Alertmanager's selectors must match. kube-prometheus-stack selects
       * `release: <its Helm release name>` (under Argo CD, the Application's name unless
       * `helm.releaseName` is set) unless its `*SelectorNilUsesHelmValues` values are false.
       */
      monitoringLabels: labels.default({ release: 'kube-prometheus-stack' }),
      clusterDns: z
        .object({ namespace: dnsLabel.default('kube-system'), podLabels: z.record(z.string(), labelValue).default({ 'k8s-app': 'kube-dns' }) })
        .strict()
        .prefault({}),
    })
    .strict()
    .prefault({}),
};
