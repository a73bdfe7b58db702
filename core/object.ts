/**
 * The one shape of a Kubernetes object as plain JSON, as synthesis renders it and the API server
 * returns it. Deliberately loose: charts, tests and the verifier handle arbitrary kinds, including
 * custom resources.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  generation?: number;
  resourceVersion?: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [key: string]: any;
}
