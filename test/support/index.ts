/** The project's test kit: schema validation of synthesized objects and a NetworkPolicy evaluator. */
export { validateKubeObject } from './k8s-schema';
export { BUILT_IN_KINDS } from './k8s-models';
export { crdFor, isCustomResource, validateCustomResource } from './crd-schema';
export { crdsDir } from './crd-index';
export { loadManifests, validateManifestDir, validateObject } from './validate-all';
export type { LoadedManifest } from './validate-all';
export { checkConnectivity, isAllowed, isPod } from './network-policy';
export type { ContainerPort, Expectation, External, Namespace, Pod, Verdict, World } from './network-policy';
export { matchesSelector } from '../../core/label-selector';
export type { LabelSelector } from '../../core/label-selector';
export { cidrContains } from './ipv4';
export { describeObject } from './object-path';
export { findPod, podOf, worldOf } from './workload-pods';
