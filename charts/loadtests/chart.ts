import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { Target } from '../config/target';
import { edgeRoutes, NEXT_STATIC_PREFIX, type PublicListener } from '../edge/routing';
import { publicHosts } from '../edge/schema';
import { FOLDERS } from '../gitops/folders';
import type { FeatureChartProps } from '../platform/feature';
import { appLabels } from '../platform/labels';
import { PlatformChart } from '../platform/platform-chart';
import { priorityClassName } from '../workloads/priority-classes';
import type { LoadtestPlan } from './plan';
import { arrivalsOf, plannedIterations } from './scenarios';
import type { ScenarioName } from './schema';
import { k6Thresholds, sloThresholds } from './thresholds';
import { componentOf, K6_IMAGE, LoadtestRun, type PodRole } from './test-run';

/** The name of the load tests' objects: `loadtest-<scenario>` for a scenario's TestRun, ConfigMap and policies. */
export const LOADTEST_NAME = 'loadtest';
export const testRunName = (scenario: ScenarioName) => `${LOADTEST_NAME}-${scenario}`;
/** The one script every scenario and target runs (loadtests/), and the plan it reads beside it. */
export const SCRIPT_FILE = 'moderation.ts';
export const PLAN_FILE = 'plan.json';
/** The environment variable the runners read the API token from, when `loadtests.apiTokenSecret` is set. */
export const API_TOKEN_ENV = 'API_TOKEN';
/** The key of `loadtests.apiTokenSecret` that holds the token. */
export const API_TOKEN_KEY = 'token';

/** The k6 script, as it is committed in loadtests/: the same file for every target and scenario. */
export function loadtestScript(): string {
  return readFileSync(join(__dirname, '..', '..', 'loadtests', SCRIPT_FILE), 'utf8');
}

/** The plan one scenario's script reads: where the edge is, what to request, how fast, and the thresholds. */
export function loadtestPlan(target: Target, scenario: ScenarioName): LoadtestPlan {
  const { loadtests } = target;
  const hosts = publicHosts(target);
  // The service behind a public host: the SLOs, and so the thresholds, are per service.
  const serviceOf = (role: PublicListener['role']) => edgeRoutes(target).find((r) => r.listener.role === role)!.service;
  const web = { baseUrl: `https://${hosts.app}`, service: serviceOf('app'), pages: [...loadtests.pages], staticPrefix: NEXT_STATIC_PREFIX, arrivals: arrivalsOf(scenario, loadtests.peak.web, loadtests) };
  const api =
    hosts.api === undefined
      ? undefined
      : {
          baseUrl: `https://${hosts.api}`,
          service: serviceOf('api'),
          requests: loadtests.apiRequests.map((r) => ({ ...r })),
          arrivals: arrivalsOf(scenario, loadtests.peak.api, loadtests),
          tokenEnv: loadtests.apiTokenSecret === undefined ? undefined : API_TOKEN_ENV,
        };
  const planned = plannedIterations(web.arrivals) + (api ? plannedIterations(api.arrivals) : 0);
  return {
    target: target.name,
    scenario,
    userAgent: `moderation-loadtest/${target.name} (k6; ${testRunName(scenario)})`,
    web,
    api,
    thresholds: k6Thresholds(target, planned),
    unmeasured: sloThresholds(target).unmeasured,
  };
}

export interface LoadtestChartProps extends FeatureChartProps {
  readonly scenario: ScenarioName;
}

/**
 * `dist/<target>/loadtests/<scenario>/`: one k6-operator TestRun and what it needs (./test-run.ts),
 * in a folder of its own that no Argo CD Application syncs: a TestRun starts a load test when it
 * is created, so a person applies one (`kubectl apply -k`) and deletes it after
 * (docs/features/loadtests.md).
 */
export class LoadtestChart extends PlatformChart {
  readonly run: LoadtestRun;
  readonly serviceAccount: k8s.KubeServiceAccount;

  constructor(scope: Construct, id: string, props: LoadtestChartProps) {
    const { target, scenario } = props;
    super(scope, id, { target, component: LOADTEST_NAME, folder: `${FOLDERS.loadtests}/${scenario}` });
    const name = testRunName(scenario);
    const { namespace, loadtests } = target;
    const version = K6_IMAGE.slice(K6_IMAGE.lastIndexOf(':') + 1);
    const labels = (role: PodRole) => appLabels(target, { name, component: componentOf(role), version });

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name, namespace },
      automountServiceAccountToken: false,
    });
    this.run = new LoadtestRun(this, 'run', {
      name,
      namespace,
      podLabels: labels,
      serviceAccountName: name,
      files: { [SCRIPT_FILE]: loadtestScript(), [PLAN_FILE]: `${JSON.stringify(loadtestPlan(target, scenario), null, 2)}\n` },
      script: SCRIPT_FILE,
      parallelism: loadtests.parallelism,
      edgeAddresses: loadtests.edgeAddresses ?? [],
      operatorNamespace: loadtests.operatorNamespace,
      runnerEnv:
        loadtests.apiTokenSecret === undefined
          ? undefined
          : [{ name: API_TOKEN_ENV, valueFrom: { secretKeyRef: { name: loadtests.apiTokenSecret, key: API_TOKEN_KEY, optional: false } } }],
      // Below serving: a load generator never preempts the pods it measures.
      priorityClassName: priorityClassName('batch'),
      tags: { target: target.name, scenario },
    });
  }
}
