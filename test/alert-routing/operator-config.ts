/**
 * The alertmanager.yml the prometheus-operator generates from one AlertmanagerConfig, derived the way
 * the operator (0.93, pkg/alertmanager/amcfg.go, default matcher strategy `OnNamespace`) does it, so
 * the real `amtool` can test the routing:
 * - the AlertmanagerConfig's route is added as a first-level route under the base config's root,
 *   with `continue: true` and a `namespace="<its namespace>"` matcher appended;
 * - receiver names (in routes and receivers) become `<namespace>/<name>/<receiver>`;
 * - inhibition rules get the same namespace matcher on both sides;
 * - Secret key references are replaced by the Secret's value (here: a placeholder naming the key).
 * The base config is a minimal root route to a `null` receiver, as kube-prometheus-stack's default.
 *
 * Only the fields the platform's AlertmanagerConfig uses are converted; any other field throws, so a
 * new field in the chart fails the tests until it is converted here too (never silently dropped).
 */
import type { KubeObject } from '../../core/object';

export const NULL_RECEIVER = 'null';

/** A Secret key reference of an AlertmanagerConfig: always a Secret of its own namespace. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

export interface Route {
  receiver?: string;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  matchers?: string[];
  continue?: boolean;
  routes?: Route[];
}

export interface InhibitRule {
  source_matchers: string[];
  target_matchers: string[];
  equal: string[];
}

export interface AlertmanagerYaml {
  route: Route;
  receivers: Record<string, unknown>[];
  inhibit_rules: InhibitRule[];
}

/** How a CRD field of an integration is written in alertmanager.yml. */
type FieldRule = { readonly as: string; readonly secret?: 'text' | 'url' };

/** Per integration: its alertmanager.yml list, and CRD field → alertmanager.yml field. */
const INTEGRATIONS: Readonly<Record<string, { readonly as: string; readonly fields: Readonly<Record<string, FieldRule>> }>> = {
  pagerdutyConfigs: {
    as: 'pagerduty_configs',
    fields: { routingKey: { as: 'routing_key', secret: 'text' }, severity: { as: 'severity' }, sendResolved: { as: 'send_resolved' } },
  },
  slackConfigs: {
    // The operator validates the Secret's value as a URL.
    as: 'slack_configs',
    fields: { apiURL: { as: 'api_url', secret: 'url' }, channel: { as: 'channel' }, sendResolved: { as: 'send_resolved' } },
  },
  emailConfigs: {
    as: 'email_configs',
    fields: {
      to: { as: 'to' },
      from: { as: 'from' },
      smarthost: { as: 'smarthost' },
      authUsername: { as: 'auth_username' },
      authPassword: { as: 'auth_password', secret: 'text' },
      requireTLS: { as: 'require_tls' },
      sendResolved: { as: 'send_resolved' },
    },
  },
};

/** The placeholder the derived config holds where the operator would inline a Secret's value. */
export function placeholder(namespace: string, ref: SecretKeyRef, kind: 'text' | 'url'): string {
  return kind === 'url' ? `https://secret.invalid/${namespace}/${ref.name}/${ref.key}` : `<secret ${namespace}/${ref.name} key ${ref.key}>`;
}

/** The alertmanager.yml of the base config plus this AlertmanagerConfig. */
export function operatorConfig(amc: KubeObject): AlertmanagerYaml {
  const namespace = amc.metadata.namespace!;
  const prefix = `${namespace}/${amc.metadata.name}/`;
  const namespaceMatcher = `namespace=${JSON.stringify(namespace)}`;
  only(amc.spec, ['route', 'receivers', 'inhibitRules'], 'spec');

  const top = route(amc.spec.route, prefix);
  return {
    route: { receiver: NULL_RECEIVER, routes: [{ ...top, matchers: [...(top.matchers ?? []), namespaceMatcher], continue: true }] },
    receivers: [{ name: NULL_RECEIVER }, ...(amc.spec.receivers ?? []).map((r: Record<string, unknown>) => receiver(r, prefix, namespace))],
    inhibit_rules: (amc.spec.inhibitRules ?? []).map((rule: Record<string, any>) => {
      only(rule, ['sourceMatch', 'targetMatch', 'equal'], 'inhibitRules[]');
      return {
        source_matchers: [...rule.sourceMatch.map(matcher), namespaceMatcher],
        target_matchers: [...rule.targetMatch.map(matcher), namespaceMatcher],
        equal: [...(rule.equal ?? [])],
      };
    }),
  };
}

function route(r: Record<string, any>, prefix: string): Route {
  only(r, ['receiver', 'groupBy', 'groupWait', 'groupInterval', 'repeatInterval', 'matchers', 'continue', 'routes'], 'route');
  const out: Route = {
    receiver: r.receiver === undefined ? undefined : prefix + r.receiver,
    group_by: r.groupBy,
    group_wait: r.groupWait,
    group_interval: r.groupInterval,
    repeat_interval: r.repeatInterval,
    matchers: r.matchers?.map(matcher),
    continue: r.continue,
    routes: r.routes?.map((child: Record<string, any>) => route(child, prefix)),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as Route;
}

/** A CRD matcher as the operator writes it (`monitoringv1alpha1.Matcher.String()`): `name<op>"value"`. */
function matcher(m: Record<string, any>): string {
  only(m, ['name', 'matchType', 'value'], 'matcher');
  if (!m.matchType) throw new Error(`matcher ${m.name}: only matchType matchers are converted here (not the deprecated regex flag)`);
  return `${m.name}${m.matchType}${JSON.stringify(m.value ?? '')}`;
}

function receiver(r: Record<string, unknown>, prefix: string, namespace: string): Record<string, unknown> {
  const out: Record<string, unknown> = { name: prefix + String(r.name) };
  for (const [field, configs] of Object.entries(r)) {
    if (field === 'name') continue;
    const integration = INTEGRATIONS[field];
    if (!integration) throw new Error(`receiver ${String(r.name)}: ${field} is not converted here`);
    out[integration.as] = (configs as Record<string, unknown>[]).map((config) =>
      Object.fromEntries(
        Object.entries(config).map(([key, value]) => {
          const rule = integration.fields[key];
          if (!rule) throw new Error(`receiver ${String(r.name)}: ${field}.${key} is not converted here`);
          return [rule.as, rule.secret ? placeholder(namespace, secretRef(value, `${field}.${key}`), rule.secret) : value];
        }),
      ),
    );
  }
  return out;
}

/** A Secret key reference, or a thrown error naming the field that holds something else (a literal). */
export function secretRef(value: unknown, field: string): SecretKeyRef {
  const ref = value as Partial<SecretKeyRef> | null;
  if (ref === null || typeof ref !== 'object' || Object.keys(ref).sort().join() !== 'key,name' || typeof ref.name !== 'string' || typeof ref.key !== 'string') {
    throw new Error(`${field}: expected a Secret key reference { name, key }, got ${JSON.stringify(value)}`);
  }
  return { name: ref.name, key: ref.key };
}

function only(object: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const unknown = Object.keys(object).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new Error(`${where}: ${unknown.join(', ')} not converted here`);
}
