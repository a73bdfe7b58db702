import type { CloudProfile } from '../cloud/profile';
/**
 * The platform's services: what each one is, which ports it listens on, how it is probed and which
 * other services it talks to. This is the same on every target; what differs per target (image
 * versions, sizing, endpoints) lives in the target config (charts/config/target.ts).
 *
 * To add a service: add an entry here, its sizing defaults in charts/config/defaults.ts and its
 * image version in every overlay (the config schema rejects an overlay that lacks it).
 */

/** The managed services outside the cluster that workloads may use. */
export const BACKING_SERVICE_NAMES = ['postgres', 'redis', 'kafka', 'model-registry'] as const;
export type BackingServiceName = (typeof BACKING_SERVICE_NAMES)[number];
/** The managed services reached through one host; Kafka is a broker list. */
export const SINGLE_HOST_SERVICES = ['postgres', 'redis', 'model-registry'] as const satisfies readonly BackingServiceName[];
export type SingleHostServiceName = (typeof SINGLE_HOST_SERVICES)[number];

export const SERVICE_NAMES = ['web', 'moderation-api', 'moderation-worker', 'ml-inference'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** An HTTP endpoint on one of the container's named ports. */
export interface HttpEndpoint {
  /** Container port name (`http` or `metrics`). */
  readonly port: 'http' | 'metrics';
  readonly path: string;
}

/** A directory the process may write to; everything else is read-only. */
export interface WritablePath {
  readonly mountPath: string;
  /** emptyDir size limit, a Kubernetes quantity. */
  readonly sizeLimit: string;
}

export interface PlatformService {
  readonly name: ServiceName;
  /** `app.kubernetes.io/component`. */
  readonly component: string;
  readonly description: string;
  /** The port the service handles requests on. */
  readonly httpPort: number;
  /** Whether other pods send it traffic, so it gets a ClusterIP Service. */
  readonly servesTraffic: boolean;
  /** Whether the edge proxy routes public traffic to it (the API only where the target exposes it). */
  readonly exposure: 'public' | 'public-api' | 'internal';
  /** Prometheus metrics endpoint; the port may equal `httpPort`. */
  readonly metrics: { readonly port: number; readonly path: string };
  /** Is the process alive (restart it when not). */
  readonly liveness: HttpEndpoint;
  /** Can it serve: its dependencies are reachable (take it out of the Service when not). */
  readonly readiness: HttpEndpoint;
  /** Longest time the process may take to start before liveness checks begin, in seconds. */
  readonly maxStartupSeconds: number;
  /** Time to finish in-flight work after SIGTERM, in seconds (after the preStop pause). */
  readonly drainSeconds: number;
  /** Other platform services it calls. */
  readonly calls: readonly ServiceName[];
  /** Managed services it uses. */
  readonly uses: readonly BackingServiceName[];
  /**
   * Calls cloud APIs with its own workload identity where the cloud has one (EKS Pod Identity: the
   * model registry is S3 there), so it holds no cloud access key.
   */
  readonly cloudIdentity: boolean;
  readonly writablePaths: readonly WritablePath[];
  /**
   * Scheduling priority (charts/workloads/priority-classes.ts): `serving` answers people and
   * callers now; `batch` works through a queue and catches up after being preempted.
   */
  readonly tier: PriorityTier;
}

/** The platform's scheduling tiers, highest first. */
export const PRIORITY_TIERS = ['serving', 'batch'] as const;
export type PriorityTier = (typeof PRIORITY_TIERS)[number];

const TMP: WritablePath = { mountPath: '/tmp', sizeLimit: '256Mi' };

export const PLATFORM_SERVICES: Readonly<Record<ServiceName, PlatformService>> = {
  'web': {
    name: 'web',
    component: 'frontend',
    description: 'Next.js web app: moderator UI and its API routes',
    httpPort: 3000,
    servesTraffic: true,
    exposure: 'public',
    metrics: { port: 9464, path: '/metrics' },
    liveness: { port: 'http', path: '/api/health' },
    readiness: { port: 'http', path: '/api/ready' },
    maxStartupSeconds: 60,
    drainSeconds: 20,
    calls: ['moderation-api'],
    uses: [],
    cloudIdentity: false,
    writablePaths: [TMP, { mountPath: '/app/.next/cache', sizeLimit: '512Mi' }],
    tier: 'serving',
  },
  'moderation-api': {
    name: 'moderation-api',
    component: 'api',
    description: 'Python moderation API: accepts content, stores decisions, enqueues work',
    httpPort: 8000,
    servesTraffic: true,
    exposure: 'public-api',
    metrics: { port: 9090, path: '/metrics' },
    liveness: { port: 'http', path: '/health' },
    readiness: { port: 'http', path: '/ready' },
    maxStartupSeconds: 60,
    drainSeconds: 25,
    calls: ['ml-inference'],
    uses: ['postgres', 'redis', 'kafka'],
    cloudIdentity: false,
    writablePaths: [TMP],
    tier: 'serving',
  },
  'moderation-worker': {
    name: 'moderation-worker',
    component: 'worker',
    description: 'Python Kafka consumer: classifies queued content through ml-inference',
    httpPort: 8080,
    servesTraffic: false,
    exposure: 'internal',
    metrics: { port: 8080, path: '/metrics' },
    liveness: { port: 'http', path: '/health' },
    readiness: { port: 'http', path: '/ready' },
    maxStartupSeconds: 60,
    // A consumer finishes its current batch and commits offsets before leaving the group.
    drainSeconds: 50,
    calls: ['ml-inference'],
    uses: ['postgres', 'redis', 'kafka'],
    cloudIdentity: false,
    writablePaths: [TMP],
    tier: 'batch',
  },
  'ml-inference': {
    name: 'ml-inference',
    component: 'inference',
    description: 'Python ML inference service: loads a model at start and serves predictions',
    httpPort: 8080,
    servesTraffic: true,
    exposure: 'internal',
    metrics: { port: 9090, path: '/metrics' },
    liveness: { port: 'http', path: '/health' },
    readiness: { port: 'http', path: '/ready' },
    // Downloading and loading the model takes up to a few minutes.
    maxStartupSeconds: 600,
    drainSeconds: 30,
    calls: [],
    uses: ['model-registry'],
    cloudIdentity: true,
    writablePaths: [TMP, { mountPath: '/models', sizeLimit: '10Gi' }],
    tier: 'serving',
  },
};

/**
 * The engines' default ports: the model registry's (the object store's HTTPS, overridable in the
 * overlay), and those an estate's managed services listen on where the provider keeps the engine's
 * default (the cloud profile's `estatePorts` says which a cloud uses).
 */
export const BACKING_SERVICE_DEFAULT_PORTS: Readonly<Record<BackingServiceName, number>> = {
  'postgres': 5432,
  'redis': 6379,
  'kafka': 9092,
  'model-registry': 443,
};

/** The services that call `name` (reverse of `calls`). */
export function callersOf(name: ServiceName): ServiceName[] {
  return SERVICE_NAMES.filter((s) => PLATFORM_SERVICES[s].calls.includes(name));
}

/**
 * Whether a service calls cloud APIs with its own workload identity on a cloud (EKS Pod Identity):
 * for its own needs (`cloudIdentity`: the model registry), or to sign in to Kafka where the cloud's
 * clients authenticate with it (Amazon MSK IAM). Such a service holds no key and reaches the agent.
 */
export function usesCloudIdentity(service: PlatformService, cloud: Pick<CloudProfile, 'kafkaAuth' | 'podIdentityAgent'>): boolean {
  const { modelRegistry, kafka } = cloudIdentityUses(service, cloud);
  return modelRegistry || kafka;
}

/** What a service's cloud identity is for on a cloud: the model registry, Kafka (MSK IAM), neither. */
export function cloudIdentityUses(service: PlatformService, cloud: Pick<CloudProfile, 'kafkaAuth' | 'podIdentityAgent'>): { readonly modelRegistry: boolean; readonly kafka: boolean } {
  const agent = cloud.podIdentityAgent !== undefined;
  return { modelRegistry: agent && service.cloudIdentity, kafka: agent && service.uses.includes('kafka') && cloud.kafkaAuth.kind === 'aws-msk-iam' };
}
