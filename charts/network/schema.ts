import { z } from 'zod';
import { cidr, dnsLabel, hostname, labelValue, objectOf, port } from '../config/primitives';
import { BACKING_SERVICE_DEFAULT_PORTS, BACKING_SERVICE_NAMES, type BackingServiceName } from '../platform/services';

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

export const networkConfig = {
  backingServices: objectOf(BACKING_SERVICE_NAMES, backingService),
  network: z
    .object({
      /** Namespace of the edge proxy pods (Envoy Gateway puts them in its own namespace). */
      edgeNamespace: dnsLabel.default('envoy-gateway-system'),
      /** Namespace Prometheus scrapes from. */
      monitoringNamespace: dnsLabel.default('monitoring'),
      clusterDns: z
        .object({ namespace: dnsLabel.default('kube-system'), podLabels: z.record(z.string(), labelValue).default({ 'k8s-app': 'kube-dns' }) })
        .strict()
        .prefault({}),
    })
    .strict()
    .prefault({}),
};
