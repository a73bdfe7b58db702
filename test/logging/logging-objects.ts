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

/** Fluent Bit's tag match: `*` stands for any run of characters, everything else is literal. */
export function tagMatches(pattern: string, tag: string): boolean {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(tag);
}

/**
 * Where a record goes: the aliases of the outputs that receive a record read under `tag` whose
 * merged fields are `record`, after the pipeline's `rewrite_tag` filters (a rule `$KEY REGEX NEW_TAG
 * KEEP` re-emits a matching record under the new tag at the head of the pipeline, and drops the
 * original unless KEEP). The other filters do not move records between outputs.
 */
export function routeOf(config: FluentBitConfig, tag: string, record: Readonly<Record<string, unknown>>): string[] {
  const tags = [tag];
  const received: string[] = [];
  while (tags.length > 0) {
    const current = tags.shift()!;
    let kept = true;
    for (const filter of config.pipeline.filters) {
      if (filter.name !== 'rewrite_tag' || !tagMatches(filter.match as string, current)) continue;
      const [key, regex, newTag, keep] = (filter.rule as string).split(' ');
      const value = record[key.replace(/^\$/, '')];
      if (typeof value !== 'string' || !new RegExp(regex).test(value)) continue;
      tags.push(newTag.replace('$TAG', current));
      kept = keep === 'true';
      break;
    }
    if (kept) received.push(...config.pipeline.outputs.filter((o) => tagMatches(o.match as string, current)).map((o) => (o.alias as string | undefined) ?? o.name));
  }
  return received;
}
