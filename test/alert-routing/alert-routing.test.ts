/**
 * Where the platform's alerts go. The AlertmanagerConfig of each target is turned into the
 * alertmanager.yml the prometheus-operator would generate (./operator-config.ts), which the real
 * amtool checks and routes example alerts through; inhibition is evaluated over the same file's
 * rules (./inhibition.ts). Plus: the CRD, the selection labels, and credentials only as Secret keys.
 */
import { ALERT_ROUTING_NAME } from '../../charts/alert-routing/alert-routing';
import { RECEIVER_CREDENTIALS, RECEIVER_SECRET, RECEIVER_SECRET_KEYS } from '../../charts/alert-routing/credentials';
import { RECEIVERS, type ReceiverName, SEVERITIES, SEVERITY_ROUTES } from '../../charts/alert-routing/routing';
import { remoteKey } from '../../charts/secrets/remote-keys';
import { validateObject } from '../support';
import { getObject, renderedTarget, renderVariant, TARGET_NAMES, targetObjects } from '../support/render';
import { producedKeys, strings } from '../support/secrets';
import { Amtool } from './amtool';
import { type Labels, mutedBy } from './inhibition';
import { NULL_RECEIVER, operatorConfig, type Route, secretRef } from './operator-config';

/** An example alert: its labels (`namespace` is the target's unless given; null leaves it out) and where it must go. */
interface RoutingExample {
  readonly why: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly namespace?: string | null;
  /** The platform's receiver, or null: not routed by the platform (the base config's `null` receiver). */
  readonly reaches: ReceiverName | null;
}

const ROUTING_EXAMPLES: readonly RoutingExample[] = [
  { why: 'a critical alert pages', labels: { alertname: 'ModerationApiDown', service: 'moderation-api', severity: 'critical' }, reaches: 'pagerduty' },
  {
    why: 'an SLO page pages',
    labels: { alertname: 'ModerationApiAvailabilityBudgetBurn', service: 'moderation-api', severity: 'critical', slo: 'moderation-api-availability' },
    reaches: 'pagerduty',
  },
  { why: 'a warning goes to the team\'s Slack channel', labels: { alertname: 'ModerationWorkerLagHigh', service: 'moderation-worker', severity: 'warning' }, reaches: 'slack' },
  { why: 'an info goes by mail', labels: { alertname: 'MlInferenceModelReloaded', service: 'ml-inference', severity: 'info' }, reaches: 'email' },
  { why: 'no severity: Slack, seen by a person, neither paged nor dropped', labels: { alertname: 'WebUnlabelled', service: 'web' }, reaches: 'slack' },
  { why: 'an unknown severity: Slack', labels: { alertname: 'WebOddSeverity', service: 'web', severity: 'page' }, reaches: 'slack' },
  { why: 'severities are matched exactly: "Critical" does not page', labels: { alertname: 'WebDown', service: 'web', severity: 'Critical' }, reaches: 'slack' },
  { why: 'a critical alert of another namespace is not the platform\'s', labels: { alertname: 'KubeNodeNotReady', severity: 'critical' }, namespace: 'kube-system', reaches: null },
  { why: 'the namespace is matched exactly, not as a prefix', labels: { alertname: 'ModerationApiDown', service: 'moderation-api', severity: 'critical' }, namespace: 'moderation-canary', reaches: null },
  { why: 'an alert without a namespace label is not routed by the platform', labels: { alertname: 'ModerationApiDown', service: 'moderation-api', severity: 'critical' }, namespace: null, reaches: null },
];

/** An inhibition example: `alert` is muted (or not) while `firing` fire. Alerts are in the target's namespace unless given. */
interface InhibitionExample {
  readonly why: string;
  readonly firing: readonly Labels[];
  readonly alert: Labels;
  readonly muted: boolean;
}

const API = { service: 'moderation-api' };
const page = { ...API, alertname: 'ModerationApiHighErrorRate', severity: 'critical' };
const sloPage = { ...API, alertname: 'ModerationApiAvailabilityBudgetBurn', severity: 'critical', slo: 'moderation-api-availability' };

const INHIBITION_EXAMPLES: readonly InhibitionExample[] = [
  { why: 'a critical alert mutes the warning of the same alert and service', firing: [page], alert: { ...page, severity: 'warning' }, muted: true },
  { why: 'a critical alert mutes the info of the same alert and service', firing: [page], alert: { ...page, severity: 'info' }, muted: true },
  { why: 'but not the warning of another alert of the service', firing: [page], alert: { ...API, alertname: 'ModerationApiLatencyHigh', severity: 'warning' }, muted: false },
  { why: 'nor the warning of the same alert on another service', firing: [page], alert: { ...page, service: 'web', severity: 'warning' }, muted: false },
  { why: 'nor another critical alert', firing: [page], alert: { ...page, instance: '10.0.0.7:8000' }, muted: false },
  { why: 'an SLO page mutes the warnings of its service (its symptoms)', firing: [sloPage], alert: { ...API, alertname: 'ModerationApiLatencyHigh', severity: 'warning' }, muted: true },
  { why: 'an SLO page mutes the infos of its service', firing: [sloPage], alert: { ...API, alertname: 'ModerationApiPodRestarted', severity: 'info' }, muted: true },
  { why: 'an SLO page mutes the slow-burn warning of its own SLO (same alert and service)', firing: [sloPage], alert: { ...sloPage, severity: 'warning' }, muted: true },
  { why: 'an SLO page does not mute another service', firing: [sloPage], alert: { service: 'web', alertname: 'WebLatencyHigh', severity: 'warning' }, muted: false },
  { why: 'an SLO page does not mute another page of its service', firing: [sloPage], alert: { ...API, alertname: 'ModerationApiDown', severity: 'critical' }, muted: false },
  { why: 'a warning with an slo label is no SLO page: it mutes nothing', firing: [{ ...sloPage, severity: 'warning' }], alert: { ...API, alertname: 'ModerationApiLatencyHigh', severity: 'info' }, muted: false },
  { why: 'an empty slo label is no SLO page', firing: [{ ...sloPage, slo: '' }], alert: { ...API, alertname: 'ModerationApiLatencyHigh', severity: 'warning' }, muted: false },
  { why: 'a critical alert of another namespace mutes nothing here', firing: [{ ...page, namespace: 'moderation-canary' }], alert: { ...page, severity: 'warning' }, muted: false },
  { why: 'nothing firing, nothing muted', firing: [], alert: { ...page, severity: 'warning' }, muted: false },
];

/** Seconds of an Alertmanager duration such as "30s", "5m", "24h". */
function seconds(duration: string): number {
  const parsed = /^(\d+)(s|m|h)$/.exec(duration);
  if (!parsed) throw new Error(`unexpected duration ${duration}`);
  return Number(parsed[1]) * { s: 1, m: 60, h: 3600 }[parsed[2] as 's' | 'm' | 'h'];
}

/** Credential fields of the integrations: each must be a Secret key reference. */
const CREDENTIAL_FIELDS: Readonly<Record<ReceiverName, { integration: string; field: string }>> = {
  pagerduty: { integration: 'pagerdutyConfigs', field: 'routingKey' },
  slack: { integration: 'slackConfigs', field: 'apiURL' },
  email: { integration: 'emailConfigs', field: 'authPassword' },
};

describe.each(TARGET_NAMES)('alert routing of %s', (name) => {
  const { target } = renderedTarget(name);
  const objects = targetObjects(name);
  const amc = getObject(objects, 'AlertmanagerConfig', ALERT_ROUTING_NAME);
  const namespace = target.namespace;
  const config = operatorConfig(amc);
  const amtool = new Amtool(config);
  afterAll(() => amtool.dispose());
  const receiverName = (receiver: ReceiverName | null) => (receiver === null ? NULL_RECEIVER : `${namespace}/${ALERT_ROUTING_NAME}/${receiver}`);
  const inNamespace = (labels: Labels): Labels => ({ namespace, ...labels });

  it('is valid against the AlertmanagerConfig CRD', () => {
    expect(validateObject(amc)).toEqual([]);
  });

  it('lives in the platform namespace, labelled for the Alertmanager\'s alertmanagerConfigSelector', () => {
    expect(amc.metadata.namespace).toBe(namespace);
    expect(amc.metadata.labels).toMatchObject(target.network.monitoringLabels);
  });

  it('derives an alertmanager.yml that amtool check-config accepts', () => {
    expect(amtool.checkConfig()).toContain('SUCCESS');
  });

  test.each(ROUTING_EXAMPLES)('amtool routes it: $why', ({ labels, namespace: ns, reaches }) => {
    const alert: Record<string, string> = { ...labels };
    if (ns !== null) alert.namespace = ns ?? namespace;
    expect(amtool.receivers(alert)).toEqual([receiverName(reaches)]);
  });

  test.each(INHIBITION_EXAMPLES)('inhibition: $why', ({ firing, alert, muted }) => {
    const rules = mutedBy(config.inhibit_rules, firing.map(inNamespace), inNamespace(alert));
    expect(rules.length > 0).toBe(muted);
  });

  it('times each severity as the table says: pages soonest, infos as a daily digest', () => {
    const children = config.route.routes![0].routes!;
    const bySeverity = (severity: string): Route => children.find((r) => r.matchers?.includes(`severity="${severity}"`))!;
    for (const severity of SEVERITIES) {
      const { receiver, groupWait, groupInterval, repeatInterval } = SEVERITY_ROUTES[severity];
      expect(bySeverity(severity)).toMatchObject({ receiver: receiverName(receiver), group_wait: groupWait, group_interval: groupInterval, repeat_interval: repeatInterval });
      expect(seconds(groupWait)).toBeLessThanOrEqual(seconds(groupInterval));
      expect(seconds(groupInterval)).toBeLessThan(seconds(repeatInterval));
    }
    const waits = SEVERITIES.map((s) => seconds(SEVERITY_ROUTES[s].groupWait));
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(config.route.routes![0].group_by).toEqual(['alertname', 'service']);
  });

  it('knows the severity of every alert the target\'s PrometheusRules define', () => {
    const alerts = objects.filter((o) => o.kind === 'PrometheusRule').flatMap((o) => o.spec.groups.flatMap((g: { rules: { alert?: string; labels?: Labels }[] }) => g.rules.filter((r) => r.alert)));
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.filter((r) => !(SEVERITIES as readonly string[]).includes(r.labels?.severity ?? '')).map((r) => `${r.alert}: ${r.labels?.severity}`)).toEqual([]);
  });

  it('defines exactly the receivers the routes use', () => {
    const used = new Set<string>();
    const walk = (r: Route) => {
      if (r.receiver) used.add(r.receiver);
      r.routes?.forEach(walk);
    };
    walk(config.route);
    expect(config.receivers.map((r) => r.name).sort()).toEqual([...used].sort());
    expect(amc.spec.receivers.map((r: { name: string }) => r.name)).toEqual([...RECEIVERS]);
  });

  test.each([...RECEIVERS])('%s reads its credential from a key of the Secret an ExternalSecret syncs into the same namespace', (receiver) => {
    const { integration, field } = CREDENTIAL_FIELDS[receiver];
    const configs = amc.spec.receivers.find((r: { name: string }) => r.name === receiver)[integration];
    expect(configs).toHaveLength(1);
    const ref = secretRef(configs[0][field], `${receiver}.${integration}[0].${field}`);
    expect(ref).toEqual({ name: RECEIVER_SECRET, key: RECEIVER_SECRET_KEYS[receiver] });
    const synced = objects.filter((o) => o.kind === 'ExternalSecret' && o.metadata.namespace === namespace && o.spec.target.name === ref.name);
    expect(synced).toHaveLength(1);
    expect(producedKeys(synced[0])).toContain(ref.key);
    // Read from the receiver's own remote secret, under the owner `alertmanager`.
    const credential = RECEIVER_CREDENTIALS.credentials.find((c) => c.fields.some((f) => f.secretKey === ref.key))!;
    const read = synced[0].spec.data.find((d: { secretKey: string }) => d.secretKey === ref.key);
    expect(read.remoteRef.key).toBe(remoteKey(target, 'alertmanager', credential));
  });

  it('the secret store admits the namespace of the receivers\' Secret', () => {
    const store = getObject(objects, 'ClusterSecretStore', 'moderation-platform');
    expect(store.spec.conditions.flatMap((c: { namespaces: string[] }) => c.namespaces)).toContain(namespace);
  });

  it('holds no credential in plain text: no URL, no key-like string, only Secret key references', () => {
    const leaks = strings(amc.spec).filter(({ value }) => /:\/\//.test(value) || /^[A-Za-z0-9+/_-]{32,}$/.test(value));
    expect(leaks).toEqual([]);
  });
});

describe('the alertRouting config', () => {
  it('labels the AlertmanagerConfig with the configured monitoring labels instead of the default', () => {
    expect(renderedTarget('eks-staging').target.network.monitoringLabels).toEqual({ release: 'kube-prometheus-stack' });
    const { objects } = renderVariant('eks-staging', (input) => {
      input.network = { ...input.network, monitoringLabels: { 'release': 'monitoring', 'alertmanager.example.com/tenant': 'moderation' } };
    });
    const labels = getObject(objects, 'AlertmanagerConfig', ALERT_ROUTING_NAME).metadata.labels;
    expect(labels).toMatchObject({ 'release': 'monitoring', 'alertmanager.example.com/tenant': 'moderation' });
  });

  it('sends info mails to every configured address, with TLS required', () => {
    const { objects } = renderVariant('eks-staging', (input) => {
      input.alertRouting!.email.to = ['oncall@example.com', 'trust-safety@example.com'];
    });
    const email = getObject(objects, 'AlertmanagerConfig', ALERT_ROUTING_NAME).spec.receivers.find((r: { name: string }) => r.name === 'email').emailConfigs[0];
    expect(email).toMatchObject({ to: 'oncall@example.com, trust-safety@example.com', requireTLS: true });
  });
});
