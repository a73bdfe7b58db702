import { z } from 'zod';
import { cidr, dnsLabel, hostname, labels, labelValue, port } from '../config/primitives';
import { endpointSecretName } from '../infra/endpoints';
import type { EstateService } from '../infra/estate';
import { BACKING_SERVICE_DEFAULT_PORTS } from '../platform/services';

/**
 * Config sections of the network feature: where the managed services the cloud estate does not
 * create are (`backingServices`: the model registry) and the namespaces of the cluster's own
 * components the platform talks to (`network`).
 */

/**
 * A managed service the cloud estate creates (PostgreSQL, Redis, Kafka): its endpoint is read from
 * the estate's connection details at run time, never typed in an overlay. An overlay that still sets
 * one is told where it comes from now.
 */
const providedByEstate = (name: EstateService) =>
  z
    .never({ error: `is created by the cloud estate (charts/infra), which publishes its endpoint: remove it; the platform reads it from Secret "${endpointSecretName(name)}"` })
    .optional();

export const networkConfig = {
  backingServices: z
    .object({
      'postgres': providedByEstate('postgres'),
      'redis': providedByEstate('redis'),
      'kafka': providedByEstate('kafka'),
      /** The model registry: the cloud's object store, which the estate does not create. */
      'model-registry': z
        .object({
          /** The object store's DNS name, reached through an in-cluster ExternalName Service. */
          host: hostname,
          port: port.default(BACKING_SERVICE_DEFAULT_PORTS['model-registry']),
          /** The address ranges the service's endpoints live in: the only egress allowed to it. */
          cidrs: z.array(cidr).min(1, 'must list at least one CIDR'),
        })
        .strict(),
    })
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
