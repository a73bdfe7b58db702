import { Construct } from 'constructs';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy } from '../../imports/certificates-cert-manager.io';
import {
  ClusterIssuer,
  ClusterIssuerSpecAcmeSolversHttp01GatewayHttpRoutePodTemplateSpecResourcesLimits as SolverLimit,
  ClusterIssuerSpecAcmeSolversHttp01GatewayHttpRoutePodTemplateSpecResourcesRequests as SolverRequest,
  type ClusterIssuerSpecAcmeSolvers,
} from '../../imports/clusterissuers-cert-manager.io';
import type { CloudProfile } from '../cloud';
import type { Target } from '../config/target';
import { commonLabels } from '../platform/labels';
import { GATEWAY_NAME, HTTP_LISTENER, publicListeners } from './routing';

/** Let's Encrypt's ACME directories, by ClusterIssuer name. */
export const ACME_SERVERS = {
  'letsencrypt-production': 'https://acme-v02.api.letsencrypt.org/directory',
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
} as const;

/** Label cert-manager puts on its HTTP-01 solver pods. */
export const HTTP01_SOLVER_LABEL = { 'acme.cert-manager.io/http01-solver': 'true' } as const;
/** Port the HTTP-01 solver pods listen on. */
export const HTTP01_SOLVER_PORT = 8089;

/**
 * The ACME solver of a target. HTTP-01 goes through the Gateway's port-80 listener (cert-manager
 * adds a route for `/.well-known/acme-challenge/<token>` during a challenge), with solver pods that
 * satisfy the namespace's `restricted` Pod Security profile. DNS-01 uses the cloud's DNS: Route 53
 * through cert-manager's own IAM role, or DigitalOcean DNS with the token from the ExternalSecret.
 */
export function acmeSolver(target: Target, cloud: CloudProfile): ClusterIssuerSpecAcmeSolvers {
  const { solver, dns01 } = target.edge.certificates;
  if (solver === 'dns01') {
    const settings = cloud.dns01Solver(dns01);
    // The config rules reject this before synthesis; fail loudly if a caller skipped them.
    if (!settings) throw new Error(`target ${target.name}: DNS-01 requested without edge.certificates.dns01.${cloud.dns01Field}`);
    return { dns01: settings };
  }
  return {
    http01: {
      gatewayHttpRoute: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: GATEWAY_NAME, namespace: target.namespace, sectionName: HTTP_LISTENER }],
        // The Gateway routes to the solver pods' endpoints: no NodePort needs to be opened.
        serviceType: 'ClusterIP',
        podTemplate: {
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            resources: {
              requests: { cpu: SolverRequest.fromString('10m'), memory: SolverRequest.fromString('32Mi') },
              limits: { cpu: SolverLimit.fromString('100m'), memory: SolverLimit.fromString('64Mi') },
            },
          },
        },
      },
    },
  };
}

/** Ownership labels of a certificate's Secret (cert-manager, not cdk8s, manages the Secret). */
function secretLabels(target: Target): Record<string, string> {
  const { 'app.kubernetes.io/managed-by': _managedBy, ...labels } = commonLabels(target);
  return { ...labels, 'app.kubernetes.io/component': 'edge' };
}

export interface EdgeCertificatesProps {
  readonly target: Target;
  /** The target's cloud: its DNS-01 solver. */
  readonly cloud: CloudProfile;
}

/**
 * Let's Encrypt staging and production ClusterIssuers (ACME) and one Certificate per public host,
 * written to the Secret its HTTPS listener serves. Keys are ECDSA P-256, rotated on every renewal.
 */
export class EdgeCertificates extends Construct {
  readonly issuers: ClusterIssuer[];
  readonly certificates: Certificate[];

  constructor(scope: Construct, id: string, props: EdgeCertificatesProps) {
    super(scope, id);
    const { target } = props;
    const email = target.edge.certificates.email ?? `hostmaster@${target.domain}`;
    const solver = acmeSolver(target, props.cloud);

    this.issuers = Object.entries(ACME_SERVERS).map(
      ([name, server]) =>
        new ClusterIssuer(this, name, {
          metadata: { name },
          spec: { acme: { server, email, privateKeySecretRef: { name: `${name}-account-key` }, solvers: [solver] } },
        }),
    );

    this.certificates = publicListeners(target).map(
      (listener) =>
        new Certificate(this, listener.name, {
          metadata: { name: listener.secretName.replace(/-tls$/, ''), namespace: target.namespace },
          spec: {
            secretName: listener.secretName,
            dnsNames: [listener.host],
            issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: target.edge.certificates.issuer },
            privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
            revisionHistoryLimit: 3,
            // The Secret cert-manager writes carries the same ownership labels as everything else.
            secretTemplate: { labels: secretLabels(target) },
          },
        }),
    );
  }
}
