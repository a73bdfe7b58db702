import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  TestRun,
  TestRunSpecInitializerResourcesLimits as InitializerLimit,
  TestRunSpecInitializerResourcesRequests as InitializerRequest,
  TestRunSpecInitializerVolumesEmptyDirSizeLimit as InitializerVolumeSize,
  TestRunSpecRunnerResourcesLimits as RunnerLimit,
  TestRunSpecRunnerResourcesRequests as RunnerRequest,
  TestRunSpecRunnerVolumesEmptyDirSizeLimit as RunnerVolumeSize,
  TestRunSpecStarterResourcesLimits as StarterLimit,
  TestRunSpecStarterResourcesRequests as StarterRequest,
  type TestRunSpecRunnerEnv,
} from '../../imports/testruns-k6.io';
import { diskBudget, restrictedContainerSecurityContext } from '../workloads/hardening';
import type { Resources } from '../workloads/defaults';

/**
 * k6 v1 runs the TypeScript scripts directly. Pinned by tag: the 1.7 line, whose types
 * (`@types/k6` ~1.7) the scripts are checked against. The image names its user (`USER k6`), which
 * the kubelet cannot check against `runAsNonRoot`; its numeric UID is `K6_UID`.
 */
export const K6_IMAGE = 'grafana/k6:1.7.1';
export const K6_UID = 12345;
/** The k6-operator's starter (curl, which tells the runners to start), of the operator's release (v1.6.0); it runs as 65532. */
export const STARTER_IMAGE = 'ghcr.io/grafana/k6-operator:starter-v1.6.0';
export const STARTER_UID = 65532;
/** The port of k6's REST API, which the operator and the starter call (`/v1/status`) on every runner. */
export const K6_API_PORT = 6565;
/** The port the runners reach the edge on: its HTTPS listeners. */
export const EDGE_HTTPS_PORT = 443;

/** The three kinds of pod the operator runs for a TestRun in its namespace, told apart by `app.kubernetes.io/component`. */
export const POD_ROLES = ['runner', 'initializer', 'starter'] as const;
export type PodRole = (typeof POD_ROLES)[number];
export const componentOf = (role: PodRole) => `loadtest-${role}`;

/**
 * A runner is one k6 process: a core handles a few thousand requests per second; memory is the VUs'
 * (a few MiB each) and the metrics' samples. The initializer only inspects the script; the starter
 * runs curl.
 */
const RESOURCES: Readonly<Record<PodRole, { readonly requests: Resources; readonly limits: Resources }>> = {
  runner: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
  initializer: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  starter: { requests: { cpu: '50m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
};
/** The only writable path of k6 (the initializer writes its archive and logs there): an emptyDir. */
const TMP = { name: 'tmp', mountPath: '/tmp', sizeLimit: '256Mi' } as const;

export interface LoadtestRunProps {
  /** The TestRun's name, which also names its ConfigMap, NetworkPolicies and the operator's Jobs. */
  readonly name: string;
  readonly namespace: string;
  /** Labels of the pods of each role (the operator adds `app: k6`, `k6_cr: <name>`, and `runner: "true"` on runners). */
  readonly podLabels: (role: PodRole) => Record<string, string>;
  /** The ServiceAccount of every pod; its token is never mounted. */
  readonly serviceAccountName: string;
  /** The script and what it reads, as ConfigMap keys (mounted at /test). */
  readonly files: Readonly<Record<string, string>>;
  /** The key of `files` k6 runs. */
  readonly script: string;
  readonly parallelism: number;
  /** The runners' only destination: the edge load balancer's public addresses, on 443. */
  readonly edgeAddresses: readonly string[];
  /** The namespace of the k6-operator, whose controller calls the runners' REST API. */
  readonly operatorNamespace: string;
  /** Extra environment of the runners (a token from a Secret). @default none */
  readonly runnerEnv?: readonly TestRunSpecRunnerEnv[];
  /** Scheduling priority of every pod. */
  readonly priorityClassName: string;
  /** Tags k6 puts on every sample (`--tag key=value`). */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * One k6-operator TestRun with everything it needs in the namespace: the ConfigMap with the script
 * and its plan, and a NetworkPolicy per pod role (on top of the namespace's default deny and DNS):
 * - runners: egress to the edge addresses on 443 only; ingress on the k6 API port from the
 *   operator's namespace and this run's starter only;
 * - starter: egress to this run's runners on the k6 API port only;
 * - initializer: nothing (it only inspects the script).
 * Every pod runs restricted: non-root, no capability, read-only root filesystem with /tmp an
 * emptyDir, `RuntimeDefault` seccomp, no API token, resources set.
 */
export class LoadtestRun extends Construct {
  readonly testRun: TestRun;
  readonly configMap: k8s.KubeConfigMap;
  readonly networkPolicies: Readonly<Record<PodRole, k8s.KubeNetworkPolicy>>;

  constructor(scope: Construct, id: string, props: LoadtestRunProps) {
    super(scope, id);
    const { name, namespace } = props;
    const selector = (role: PodRole) => ({ 'k6_cr': name, 'app.kubernetes.io/component': componentOf(role) });
    const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });

    this.configMap = new k8s.KubeConfigMap(this, 'config-map', { metadata: { name, namespace }, data: { ...props.files } });

    const policy = (role: PodRole, ingress: k8s.NetworkPolicyIngressRule[], egress: k8s.NetworkPolicyEgressRule[]) =>
      new k8s.KubeNetworkPolicy(this, `${role}-policy`, {
        metadata: { name: `${name}-${role}`, namespace },
        spec: { podSelector: { matchLabels: selector(role) }, policyTypes: ['Ingress', 'Egress'], ingress, egress },
      });
    this.networkPolicies = {
      runner: policy(
        'runner',
        [
          { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': props.operatorNamespace } } }], ports: [tcp(K6_API_PORT)] },
          { from: [{ podSelector: { matchLabels: selector('starter') } }], ports: [tcp(K6_API_PORT)] },
        ],
        [{ to: props.edgeAddresses.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(EDGE_HTTPS_PORT)] }],
      ),
      initializer: policy('initializer', [], []),
      starter: policy('starter', [], [{ to: [{ podSelector: { matchLabels: selector('runner') } }], ports: [tcp(K6_API_PORT)] }]),
    };

    const pod = (role: PodRole, uid: number) => ({
      metadata: { labels: props.podLabels(role) },
      serviceAccountName: props.serviceAccountName,
      automountServiceAccountToken: 'false',
      priorityClassName: props.priorityClassName,
      securityContext: { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: 'RuntimeDefault' } },
      containerSecurityContext: restrictedContainerSecurityContext(),
    });
    // The operator's kinds are typed per pod role (cdk8s import): one factory pair each.
    const disk = diskBudget([TMP.sizeLimit]);
    const resources = <R, L>(role: PodRole, request: (v: string) => R, limit: (v: string) => L, withDisk: boolean) => {
      const of = <Q>(r: Resources, q: (v: string) => Q) => ({ cpu: q(r.cpu), memory: q(r.memory), ...(withDisk ? { 'ephemeral-storage': q(disk) } : {}) });
      return { requests: of(RESOURCES[role].requests, request), limits: of(RESOURCES[role].limits, limit) };
    };
    const tmp = <S>(size: (v: string) => S) => ({ volumes: [{ name: TMP.name, emptyDir: { sizeLimit: size(TMP.sizeLimit) } }], volumeMounts: [{ name: TMP.name, mountPath: TMP.mountPath }] });

    this.testRun = new TestRun(this, 'test-run', {
      metadata: { name, namespace },
      spec: {
        parallelism: props.parallelism,
        script: { configMap: { name, file: props.script } },
        // No usage report: the runners may reach the edge only. Tags name the run in every sample.
        args: ['--no-usage-report', ...Object.entries(props.tags).flatMap(([key, value]) => ['--tag', `${key}=${value}`])],
        runner: {
          ...pod('runner', K6_UID),
          image: K6_IMAGE,
          imagePullPolicy: 'IfNotPresent',
          env: props.runnerEnv ? [...props.runnerEnv] : undefined,
          resources: resources('runner', RunnerRequest.fromString, RunnerLimit.fromString, true),
          ...tmp(RunnerVolumeSize.fromString),
        },
        // The initializer inspects the script before the runners start; given explicitly, so it gets
        // neither the runners' Secret nor their size.
        initializer: {
          ...pod('initializer', K6_UID),
          image: K6_IMAGE,
          imagePullPolicy: 'IfNotPresent',
          resources: resources('initializer', InitializerRequest.fromString, InitializerLimit.fromString, true),
          ...tmp(InitializerVolumeSize.fromString),
        },
        starter: {
          ...pod('starter', STARTER_UID),
          image: STARTER_IMAGE,
          imagePullPolicy: 'IfNotPresent',
          // curl writes nothing: no volume.
          resources: resources('starter', StarterRequest.fromString, StarterLimit.fromString, false),
        },
      },
    });
  }
}
