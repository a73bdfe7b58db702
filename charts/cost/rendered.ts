import { parse } from 'yaml';
import type { KubeObject } from '../../core/object';
import { CLUSTER_FOLDERS } from '../gitops/folders';
import type { RenderedFile } from '../synthesize';

/** The kinds the cost model reads (charts/cost/workloads.ts); other documents are not parsed. */
const COST_KINDS = ['Deployment', 'StatefulSet', 'Rollout', 'DaemonSet', 'Job', 'CronJob', 'HorizontalPodAutoscaler', 'ScaledObject', 'EnvoyProxy', 'Service'];
const KIND_LINE = new RegExp(`^kind: (${COST_KINDS.join('|')})$`, 'm');

const folderOf = (name: string) => (name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '');

/**
 * The objects of a rendered target that the cost model reads: the cluster folders' documents of the
 * kinds above. Only those documents are parsed, so the budget check stays cheap at synthesis.
 */
export function costObjects(files: readonly RenderedFile[]): KubeObject[] {
  return files
    .filter((f) => CLUSTER_FOLDERS.includes(folderOf(f.name)) && !f.name.endsWith('kustomization.yaml'))
    .flatMap((f) => f.content.split(/^---\n/m).filter((doc) => KIND_LINE.test(doc)))
    .map((doc) => parse(doc) as KubeObject);
}
