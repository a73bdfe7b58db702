import type { App } from 'cdk8s';
import type { Target } from './config/target';
import { BackingServicesChart } from './backing-services-chart';
import { EdgeChart } from './edge/edge-chart';
import { NamespaceChart } from './namespace-chart';
import { NetworkPoliciesChart } from './network-policies-chart';
import type { PlatformChart } from './platform-chart';
import { SecretsChart } from './secrets-chart';
import { VerifierRbacChart } from './verifier-rbac-chart';
import { WorkloadsChart } from './workloads-chart';

/**
 * Every chart of one target, in apply order. Each chart becomes `dist/<target>/<id>.yaml`.
 * To add a concept (a new kind of object), add a chart here.
 */
export function buildTargetCharts(app: App, target: Target): PlatformChart[] {
  const charts: PlatformChart[] = [
    new NamespaceChart(app, 'namespace', target),
    new BackingServicesChart(app, 'backing-services', target),
    new NetworkPoliciesChart(app, 'network-policies', target),
    new SecretsChart(app, 'secrets', target),
    new WorkloadsChart(app, 'workloads', target),
    new EdgeChart(app, 'edge', target),
  ];
  // Last: it grants the verifier read access to the kinds of every chart above.
  return [...charts, new VerifierRbacChart(app, 'verifier-rbac', target, charts)];
}
