import { publicHosts } from '../config/edge';
import type { Target } from '../config/target';

/**
 * Annotations of the Envoy proxy's `LoadBalancer` Service, per cloud. Both load balancers pass TCP
 * through (TLS terminates at Envoy, with cert-manager's certificates) and prepend the PROXY
 * protocol header carrying the client's address, which the ClientTrafficPolicy requires.
 */
export function loadBalancerAnnotations(target: Target): Record<string, string> {
  switch (target.cloud) {
    case 'eks':
      // AWS Load Balancer Controller: an internet-facing NLB that targets the Envoy pods' IPs
      // directly (no node hop, no NodePort), balancing over the pods of every zone.
      return {
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol': '*',
        'service.beta.kubernetes.io/aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true',
        // Envoy drains for up to 60 s (EnvoyProxy shutdown); stop sending new connections first.
        'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'deregistration_delay.timeout_seconds=30',
      };
    case 'doks':
      // DigitalOcean cloud controller: a regional TCP load balancer. The health check's port, path
      // and protocol are the controller's (kube-proxy's health endpoint for externalTrafficPolicy
      // Local; DigitalOcean advises against overriding them); its timing is ours: a node whose
      // last Envoy pod is draining is marked down within 3 s x 2 checks, well inside Envoy's 15 s
      // minimum drain, and comes back after 2 good checks.
      return {
        'service.beta.kubernetes.io/do-loadbalancer-name': `${target.name}-edge`,
        'service.beta.kubernetes.io/do-loadbalancer-protocol': 'tcp',
        'service.beta.kubernetes.io/do-loadbalancer-size-unit': target.environment === 'production' ? '2' : '1',
        'service.beta.kubernetes.io/do-loadbalancer-enable-proxy-protocol': 'true',
        'service.beta.kubernetes.io/do-loadbalancer-healthcheck-check-interval-seconds': '3',
        'service.beta.kubernetes.io/do-loadbalancer-healthcheck-response-timeout-seconds': '3',
        'service.beta.kubernetes.io/do-loadbalancer-healthcheck-unhealthy-threshold': '2',
        'service.beta.kubernetes.io/do-loadbalancer-healthcheck-healthy-threshold': '2',
        // Publish a hostname rather than the IP: otherwise kube-proxy short-circuits in-cluster
        // connections to the load balancer's IP, they arrive without the PROXY header and are
        // refused, and cert-manager's HTTP-01 self-check never passes.
        'service.beta.kubernetes.io/do-loadbalancer-hostname': publicHosts(target).app,
      };
  }
}
