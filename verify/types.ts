/** Shapes shared by the verifier's modules. Objects themselves are `KubeObject` (core/object.ts). */

/** Argo CD's health vocabulary (gitops-engine `HealthStatusCode`). */
export type HealthStatusCode = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

export interface HealthStatus {
  status: HealthStatusCode;
  message: string;
}

/** One field (group) whose live value differs from the desired one. Values are JSON. */
export interface DriftEntry {
  path: string;
  desired: unknown;
  live: unknown;
}

export interface ResourceResult {
  apiVersion: string;
  kind: string;
  /** null for cluster-scoped objects. */
  namespace: string | null;
  name: string;
  health: HealthStatus;
  drift: DriftEntry[];
}

export interface Summary {
  total: number;
  healthy: number;
  progressing: number;
  suspended: number;
  degraded: number;
  missing: number;
  unknown: number;
  drifted: number;
}

/** A kind the manifests use that the cluster does not serve (missing CRD), reported once per kind. */
export interface UnservedKind {
  apiVersion: string;
  kind: string;
  objects: number;
}

export interface Report {
  ok: boolean;
  target: string | null;
  summary: Summary;
  resources: ResourceResult[];
}

/** The report plus facts the human-oriented renderers (table, JUnit) group by; not part of the JSON contract. */
export interface VerifyResult extends Report {
  unservedKinds: UnservedKind[];
  missingNamespaces: string[];
}
