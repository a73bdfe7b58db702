import type { Construct } from 'constructs';
import { resolveSlos } from '../alerting/sli';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';
import { SERVICE_NAMES, PLATFORM_SERVICES } from '../platform/services';
import { GrafanaDashboard } from './dashboard-configmap';
import { grafanaDashboard } from './grafana';
import { overviewPanels, servicePanels } from './panels';

/** The Grafana folder of the platform's dashboards. */
export const DASHBOARD_FOLDER = 'Moderation';
/** Dashboard uids (stable: links and bookmarks use them): `moderation-<service>`, `moderation-overview`. */
export const dashboardUid = (name: string) => `moderation-${name}`;
const TAGS = ['moderation'];

/**
 * The platform's Grafana dashboards, as ConfigMaps in the monitoring namespace that the Grafana
 * sidecar of kube-prometheus-stack loads: one per service (its objectives, traffic or lag, pods) and
 * a platform overview. See docs/features/dashboards.md.
 */
export class DashboardsChart extends PlatformChart {
  readonly dashboards: GrafanaDashboard[];

  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target } = props;
    super(scope, id, { target, component: 'dashboards' });
    const slos = resolveSlos(target);
    const namespace = target.network.monitoringNamespace;
    const dashboard = (name: string, title: string, description: string, panels: ReturnType<typeof overviewPanels>) =>
      new GrafanaDashboard(this, name, {
        name: `${dashboardUid(name)}-dashboard`,
        namespace,
        folder: DASHBOARD_FOLDER,
        dashboard: grafanaDashboard({ uid: dashboardUid(name), title, description, tags: TAGS, panels }),
      });
    this.dashboards = [
      dashboard('overview', 'Moderation: platform overview', 'Every objective, the alerts firing, and what the platform alerts watch.', overviewPanels(target, slos)),
      ...SERVICE_NAMES.map((name) => dashboard(name, `Moderation: ${name}`, PLATFORM_SERVICES[name].description, servicePanels(target, name, slos))),
    ];
  }
}
