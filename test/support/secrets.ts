import { renderTargets } from '../../charts/synthesize';
import { overlayInput } from './overlay';
import { objectsOf, type KubeObject } from './render';

/** The objects of a target rendered from its overlay with `secrets` replaced (other settings kept). */
export function renderWithSecrets(target: string, secrets: Record<string, unknown>): KubeObject[] {
  const input = overlayInput(target);
  input.secrets = secrets as never;
  const [rendered] = renderTargets([{ name: target, file: `${target}.ts`, input }]);
  return objectsOf(rendered);
}

export const byKind = (objects: readonly KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);

/** Every Secret name a pod template references, by how it references it. */
export function secretRefsOf(deployment: KubeObject): { env: { name: string; key: string }[]; whole: string[]; pull: string[] } {
  const pod = deployment.spec.template.spec;
  const containers: any[] = [...(pod.initContainers ?? []), ...pod.containers];
  const env = containers.flatMap((c) => (c.env ?? []).flatMap((e: any) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef] : [])));
  const whole = [
    ...containers.flatMap((c) => (c.envFrom ?? []).flatMap((e: any) => (e.secretRef ? [e.secretRef.name] : []))),
    ...(pod.volumes ?? []).flatMap((v: any) => [
      ...(v.secret ? [v.secret.secretName] : []),
      ...(v.projected?.sources ?? []).flatMap((s: any) => (s.secret ? [s.secret.name] : [])),
    ]),
  ];
  const pull = (pod.imagePullSecrets ?? []).map((p: any) => p.name);
  return { env, whole, pull };
}

/** The keys the Secret an ExternalSecret produces will have. */
export function producedKeys(externalSecret: KubeObject): string[] {
  const template = externalSecret.spec.target?.template;
  if (template?.data && (template.mergePolicy ?? 'Replace') === 'Replace') return Object.keys(template.data);
  return [...(externalSecret.spec.data ?? []).map((d: any) => d.secretKey), ...Object.keys(template?.data ?? {})];
}

/** The Secret name an ExternalSecret produces (target.name defaults to its own name). */
export const producedName = (externalSecret: KubeObject): string => externalSecret.spec.target?.name ?? externalSecret.metadata.name;

/** Every string in an object, with its dotted path. */
export function strings(value: unknown, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}
