import { Construct } from 'constructs';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy } from '../../imports/certificates-cert-manager.io';
import {
  ClusterIssuer,
  ClusterIssuerSpecAcmeSolversHttp01GatewayHttpRoutePodTemplateSpecResourcesLimits as SolverLimit,
  ClusterIssuerSpecAcmeSolversHttp01GatewayHttpRoutePodTemplateSpecResourcesRequests as SolverRequest,
  type ClusterIssuerSpecAcmeSolvers,
} from '../../imports/clusterissuers-cert-manager.io';
import { HTTP_LISTENER, type PublicListener } from './routing';

/** Let's Encrypt's ACME directories, by ClusterIssuer name. */
export const ACME_SERVERS = {
  'letsencrypt-production': 'https://acme-v02.api.letsencrypt.org/directory',
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
} as const;
export type AcmeIssuer = keyof typeof ACME_SERVERS;

/** Label cert-manager puts on its HTTP-01 solver pods. */
export const HTTP01_SOLVER_LABEL = { 'acme.cert-manager.io/http01-solver': 'true' } as const;
/** Port the HTTP-01 solver pods listen on. */
export const HTTP01_SOLVER_PORT = 8089;

/** CPU and memory of an HTTP-01 solver pod: it serves one token for a few seconds. */
const HTTP01_SOLVER_RESOURCES = {
  requests: { cpu: '10m', memory: '32Mi' },
  limits: { cpu: '100m', memory: '64Mi' },
} as const;

/** Certificate keys: ECDSA P-256, smaller and faster than RSA, and supported by every current client. */
const PRIVATE_KEY_SIZE = 256;

/** Old CertificateRequests kept per Certificate, to see why recent renewals failed. */
const CERTIFICATE_REVISION_HISTORY_LIMIT = 3;

/**
 * The HTTP-01 ACME solver: challenges go through the Gateway's port-80 listener (cert-manager adds
 * a route for `/.well-known/acme-challenge/<token>` during a challenge), with solver pods that
 * satisfy the namespace's `restricted` Pod Security profile.
 */
export function http01Solver(gatewayName: string, gatewayNamespace: string): ClusterIssuerSpecAcmeSolvers {
  const { requests, limits } = HTTP01_SOLVER_RESOURCES;
  return {
    http01: {
      gatewayHttpRoute: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gatewayName, namespace: gatewayNamespace, sectionName: HTTP_LISTENER }],
        // The Gateway routes to the solver pods' endpoints: no NodePort needs to be opened.
        serviceType: 'ClusterIP',
        podTemplate: {
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            resources: {
              requests: { cpu: SolverRequest.fromString(requests.cpu), memory: SolverRequest.fromString(requests.memory) },
              limits: { cpu: SolverLimit.fromString(limits.cpu), memory: SolverLimit.fromString(limits.memory) },
            },
          },
        },
      },
    },
  };
}

export interface EdgeCertificatesProps {
  /** Namespace of the Certificates and their Secrets: the Gateway's. */
  readonly namespace: string;
  /** The public hosts: one Certificate each, written to its listener's Secret. */
  readonly listeners: readonly PublicListener[];
  /** The ClusterIssuer the Certificates use; both issuers are always rendered. */
  readonly issuer: AcmeIssuer;
  /** ACME account contact of the issuers. */
  readonly email: string;
  /** How the issuers solve ACME challenges: `http01Solver`, or the cloud's DNS-01 solver. */
  readonly solver: ClusterIssuerSpecAcmeSolvers;
  /** Labels of the Secrets cert-manager writes: ownership labels, since cdk8s does not manage them. */
  readonly secretLabels: Readonly<Record<string, string>>;
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

    this.issuers = Object.entries(ACME_SERVERS).map(
      ([name, server]) =>
        new ClusterIssuer(this, name, {
          metadata: { name },
          spec: { acme: { server, email: props.email, privateKeySecretRef: { name: `${name}-account-key` }, solvers: [props.solver] } },
        }),
    );

    this.certificates = props.listeners.map(
      (listener) =>
        new Certificate(this, listener.name, {
          metadata: { name: listener.secretName.replace(/-tls$/, ''), namespace: props.namespace },
          spec: {
            secretName: listener.secretName,
            dnsNames: [listener.host],
            issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: props.issuer },
            privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: PRIVATE_KEY_SIZE, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
            revisionHistoryLimit: CERTIFICATE_REVISION_HISTORY_LIMIT,
            secretTemplate: { labels: { ...props.secretLabels } },
          },
        }),
    );
  }
}
