import { parse } from 'yaml';
import { CONFIG_FILE, type FluentBitConfig, type PluginSection } from '../../charts/logging/fluent-bit-config';
import { getObject, parseObjects, renderedTarget, type KubeObject } from '../support/render';

/** The objects of the logging feature's chart: `logging.yaml`, and `platform/logging.yaml` with its namespace and cluster-wide RBAC. */
export function loggingObjects(targetName: string): KubeObject[] {
  const files = renderedTarget(targetName).files.filter((f) => f.name === 'logging.yaml' || f.name === 'platform/logging.yaml');
  if (files.length === 0) throw new Error(`${targetName} renders no logging.yaml`);
  return files.flatMap((f) => parseObjects(f.content));
}

/** The collector's DaemonSet, its pod spec and its one container. */
export function collectorOf(objects: readonly KubeObject[], namespace: string) {
  const daemonSet = getObject(objects, 'DaemonSet', 'fluent-bit', namespace);
  const pod = daemonSet.spec.template.spec;
  return { daemonSet, pod, container: pod.containers[0] };
}

/** The Fluent Bit configuration as the collector reads it: the ConfigMap's file, parsed. */
export function parsedConfig(objects: readonly KubeObject[], namespace: string): FluentBitConfig {
  return parse(getObject(objects, 'ConfigMap', 'fluent-bit', namespace).data[CONFIG_FILE]) as FluentBitConfig;
}

/** The one section of a pipeline list with this plugin name. */
export function section(sections: readonly PluginSection[], name: string): PluginSection {
  const found = sections.filter((s) => s.name === name);
  if (found.length !== 1) throw new Error(`expected one "${name}" section, found ${found.length}`);
  return found[0];
}
