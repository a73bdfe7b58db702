import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** The label kube-prometheus-stack's Grafana sidecar loads dashboards from, and its value. */
export const DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;
/** The annotation the sidecar reads the dashboard's folder from (`sidecar.dashboards.folderAnnotation`). */
export const FOLDER_ANNOTATION = 'grafana_folder';

export interface GrafanaDashboardProps {
  /** Name of the ConfigMap. */
  readonly name: string;
  /** Namespace the Grafana sidecar watches. */
  readonly namespace: string;
  /** Grafana folder the dashboard appears in. */
  readonly folder: string;
  /** Grafana's JSON model of the dashboard; it needs a `uid`. */
  readonly dashboard: Readonly<Record<string, unknown>>;
}

/**
 * One Grafana dashboard as a ConfigMap the Grafana sidecar of kube-prometheus-stack loads: labelled
 * `grafana_dashboard: "1"`, its folder in the `grafana_folder` annotation, the JSON under
 * `<uid>.json`.
 */
export class GrafanaDashboard extends Construct {
  readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: GrafanaDashboardProps) {
    super(scope, id);
    const uid = props.dashboard.uid;
    if (typeof uid !== 'string' || uid === '') throw new Error(`${this.node.path}: a dashboard needs a uid`);
    this.configMap = new k8s.KubeConfigMap(this, 'config-map', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...DASHBOARD_LABEL }, annotations: { [FOLDER_ANNOTATION]: props.folder } },
      data: { [`${uid}.json`]: `${JSON.stringify(props.dashboard, null, 2)}\n` },
    });
  }
}
