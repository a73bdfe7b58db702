/** The Grafana dashboards: ConfigMaps the sidecar loads, valid JSON models, every query parsed and catalogued. */
import { metricInfo } from '../../charts/alerting/metrics';
import { SLOS } from '../../charts/alerting/slos';
import { DASHBOARD_FOLDER } from '../../charts/dashboards/chart';
import { SERVICE_NAMES } from '../../charts/platform/services';
import { analyse } from '../alerting/promql-tree';
import { ruleGroupsOf } from '../alerting/rule-files';
import { renderedTarget, renderVariant, TARGET_NAMES, targetObjects } from '../support/render';

const GRID_COLUMNS = 24;

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource: { type: string; uid: string };
  targets: { refId: string; expr: string; legendFormat: string }[];
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  templating: { list: { name: string; type: string }[] };
  panels: Panel[];
}

/** Every dashboard ConfigMap's JSON, parsed (a parse error fails the test). */
function dashboardsOf(objects: ReturnType<typeof targetObjects>): { name: string; namespace: string; dashboard: Dashboard }[] {
  return objects
    .filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1')
    .flatMap((o) => Object.values(o.data as Record<string, string>).map((json) => ({ name: o.metadata.name, namespace: o.metadata.namespace!, dashboard: JSON.parse(json) as Dashboard })));
}

describe.each(TARGET_NAMES)('the dashboards of %s', (name) => {
  const { target } = renderedTarget(name);
  const objects = targetObjects(name);
  const configMaps = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1');
  const dashboards = dashboardsOf(objects);
  const panels = dashboards.flatMap((d) => d.dashboard.panels.map((p) => ({ uid: d.dashboard.uid, ...p })));
  const recorded = new Set(ruleGroupsOf(objects).flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : []))));

  it('are ConfigMaps in the monitoring namespace, labelled for the Grafana sidecar, in the platform\'s folder', () => {
    expect(configMaps.length).toBe(SERVICE_NAMES.length + 1);
    for (const cm of configMaps) {
      expect(cm.metadata.namespace).toBe(target.network.monitoringNamespace);
      expect(cm.metadata.annotations).toEqual({ grafana_folder: DASHBOARD_FOLDER });
      expect(Object.keys(cm.data)).toHaveLength(1);
    }
  });

  it('are Grafana dashboards: a unique uid Grafana accepts, a title, the data source variable, panels on the grid', () => {
    const uids = dashboards.map((d) => d.dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const { dashboard } of dashboards) {
      expect(dashboard.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
      expect(dashboard.title).toMatch(/^Moderation: /);
      expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
      expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource' }));
      expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
      for (const p of dashboard.panels) {
        expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(GRID_COLUMNS);
        expect(p.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
        expect(p.targets.length).toBeGreaterThan(0);
      }
    }
  });

  it('query with PromQL that parses, reading catalogued or recorded metrics only', () => {
    const problems = panels.flatMap((p) =>
      p.targets.flatMap((t) => {
        const facts = analyse(t.expr);
        return [...facts.errors.map((e) => `${p.uid} "${p.title}": ${e}`), ...facts.metrics.filter((m) => !metricInfo(m) && !recorded.has(m)).map((m) => `${p.uid} "${p.title}": ${m} is not in the catalogue`)];
      }),
    );
    expect(problems).toEqual([]);
    expect(panels.flatMap((p) => p.targets).length).toBeGreaterThan(40);
  });

  it('give each service its objectives, and each source its traffic panels', () => {
    const titles = (service: string) => dashboards.find((d) => d.dashboard.uid === `moderation-${service}`)!.dashboard.panels.map((p) => p.title);
    for (const slo of SLOS) {
      const own = titles(slo.service);
      const measured = !(slo.service === 'moderation-api' && !target.edge.publicApi);
      if (measured) expect(own).toEqual(expect.arrayContaining([`${slo.id}: 30-day indicator`, `${slo.id}: error budget left`, `${slo.id}: burn rate`]));
    }
    expect(titles('web')).toEqual(expect.arrayContaining(['Requests per route', '5xx share per route', 'Backend latency (Envoy)']));
    expect(titles('moderation-worker')).toContain('Consumer lag (messages, as KEDA reads it)');
    expect(titles('ml-inference')).toEqual(expect.arrayContaining(['Requests', 'Latency', 'Requests in flight (KEDA scales on it)']));
    for (const service of SERVICE_NAMES) expect(titles(service)).toContain('Replicas');
  });
});

describe('the dashboards follow the target', () => {
  it('put the dashboards where the target\'s Prometheus stack runs, and its objectives in the stats', () => {
    const { objects } = renderVariant('eks-staging', (i) => {
      i.network = { ...i.network, monitoringNamespace: 'observability' };
      i.alerting = { objectives: { 'web-availability': 99.5 } };
    });
    const dashboards = dashboardsOf(objects);
    expect(new Set(dashboards.map((d) => d.namespace))).toEqual(new Set(['observability']));
    const budget = dashboards.find((d) => d.dashboard.uid === 'moderation-web')!.dashboard.panels.find((p) => p.title === 'web-availability: error budget left')!;
    expect(budget.targets[0].expr).toMatch(/\/ 0\.005$/);
  });
});
