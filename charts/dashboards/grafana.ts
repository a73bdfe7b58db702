/**
 * A small model of Grafana's dashboard JSON (schema version 39): the fields the Grafana sidecar of
 * kube-prometheus-stack loads, panels laid out left to right on Grafana's 24-column grid, every
 * query against the data source chosen in the dashboard's `datasource` variable.
 */

/** Grafana's grid is 24 columns wide. */
const GRID_COLUMNS = 24;
const PANEL_HEIGHT = 8;
const SCHEMA_VERSION = 39;
/** The data source variable every panel queries (kube-prometheus-stack provisions a Prometheus one). */
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;

export interface Query {
  readonly expr: string;
  /** Grafana legend template, e.g. `{{route}}`. */
  readonly legend: string;
}

export interface PanelSpec {
  readonly title: string;
  readonly description?: string;
  readonly type: 'timeseries' | 'stat';
  /** Grafana unit id: `percentunit`, `reqps`, `ms`, `s`, `short`. */
  readonly unit: string;
  readonly queries: readonly Query[];
  /** Columns of 24. @default 12 */
  readonly width?: number;
  /** Values below it are red, from it green (a stat of an objective). @default none */
  readonly goodFrom?: number;
}

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly description: string;
  readonly panels: readonly PanelSpec[];
}

/** Grafana's JSON model of a dashboard. */
export function grafanaDashboard(spec: DashboardSpec): Record<string, unknown> {
  let x = 0;
  let y = 0;
  const panels = spec.panels.map((panel, index) => {
    const w = panel.width ?? GRID_COLUMNS / 2;
    if (x + w > GRID_COLUMNS) [x, y] = [0, y + PANEL_HEIGHT];
    const gridPos = { x, y, w, h: PANEL_HEIGHT };
    x += w;
    const thresholds =
      panel.goodFrom === undefined
        ? undefined
        : { mode: 'absolute', steps: [{ color: 'red', value: null }, { color: 'green', value: panel.goodFrom }] };
    return {
      id: index + 1,
      type: panel.type,
      title: panel.title,
      description: panel.description,
      gridPos,
      datasource: DATASOURCE,
      fieldConfig: { defaults: { unit: panel.unit, ...(thresholds ? { thresholds } : {}) }, overrides: [] },
      options: panel.type === 'stat' ? { reduceOptions: { calcs: ['lastNotNull'] }, colorMode: 'background' } : { legend: { displayMode: 'list', placement: 'bottom' } },
      targets: panel.queries.map((q, i) => ({ refId: String.fromCharCode(65 + i), datasource: DATASOURCE, expr: q.expr, legendFormat: q.legend })),
    };
  });
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: [...spec.tags],
    timezone: 'utc',
    editable: false,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    templating: { list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0 }] },
    annotations: { list: [] },
    panels,
  };
}
