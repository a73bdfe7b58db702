import { Construct } from 'constructs';
import {
  AlertmanagerConfig,
  type AlertmanagerConfigSpecInhibitRulesSourceMatchMatchType,
  type AlertmanagerConfigSpecInhibitRulesTargetMatchMatchType,
  type AlertmanagerConfigSpecReceivers,
  type AlertmanagerConfigSpecRouteMatchersMatchType,
} from '../../imports/alertmanagerconfigs-monitoring.coreos.com';
import { GROUP_BY, INHIBITIONS, type Matcher, type ReceiverName, SEVERITY_ROUTES, type SeverityRoute, severityRoutes, UNMATCHED_SEVERITY } from './routing';

/** Name of the AlertmanagerConfig; Alertmanager shows its receivers as `<namespace>/<name>/<receiver>`. */
export const ALERT_ROUTING_NAME = 'alert-routing';

/** The PagerDuty event severity of a page (Events API v2: critical, error, warning or info). */
const PAGERDUTY_SEVERITY = 'critical';

export interface AlertRoutingProps {
  /** Name of the AlertmanagerConfig. @default ALERT_ROUTING_NAME ('alert-routing') */
  readonly name?: string;
  /**
   * Namespace of the AlertmanagerConfig and of the Secret it reads. With the operator's default
   * matcher strategy (`OnNamespace`) it routes only alerts labelled `namespace=<this>`.
   */
  readonly namespace: string;
  /** Labels of the AlertmanagerConfig, e.g. those the Alertmanager's `alertmanagerConfigSelector` matches. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** The Secret (in `namespace`) holding the receivers' credentials, and the key each receiver reads. */
  readonly secret: { readonly name: string; readonly keys: Readonly<Record<ReceiverName, string>> };
  /** The Slack channel warnings go to (the webhook URL is the Secret's). */
  readonly slackChannel: string;
  /** Where info mails go and through which relay (the relay user's password is the Secret's). */
  readonly email: {
    readonly to: readonly string[];
    readonly from: string;
    /** `host:port` */
    readonly smarthost: string;
    readonly authUsername: string;
  };
}

/**
 * The platform's AlertmanagerConfig: one child route per severity of the routing table (./routing.ts)
 * under a top route that groups by alert and service and catches alerts without a known severity,
 * the receivers (PagerDuty, Slack, email) with every credential a Secret key reference, and the
 * inhibition rules. The prometheus-operator nests the top route under the Alertmanager's root with
 * a `namespace="<namespace>"` matcher, and prefixes receiver names with `<namespace>/<name>/`.
 */
export class AlertRouting extends Construct {
  readonly alertmanagerConfig: AlertmanagerConfig;

  constructor(scope: Construct, id: string, props: AlertRoutingProps) {
    super(scope, id);
    const fallback = SEVERITY_ROUTES[UNMATCHED_SEVERITY];
    this.alertmanagerConfig = new AlertmanagerConfig(this, 'alertmanager-config', {
      metadata: { name: props.name ?? ALERT_ROUTING_NAME, namespace: props.namespace, labels: props.labels ? { ...props.labels } : undefined },
      spec: {
        route: {
          ...routeTo(fallback),
          groupBy: [...GROUP_BY],
          routes: severityRoutes().map(({ matcher, route }) => ({ ...routeTo(route), matchers: [crdMatcher<AlertmanagerConfigSpecRouteMatchersMatchType>(matcher)] })),
        },
        receivers: receivers(props),
        inhibitRules: INHIBITIONS.map((rule) => ({
          sourceMatch: rule.source.map((m) => crdMatcher<AlertmanagerConfigSpecInhibitRulesSourceMatchMatchType>(m)),
          targetMatch: rule.target.map((m) => crdMatcher<AlertmanagerConfigSpecInhibitRulesTargetMatchMatchType>(m)),
          equal: [...rule.equal],
        })),
      },
    });
  }
}

/** The receiver and timing of a route, from its row of the severity table. */
function routeTo(route: SeverityRoute) {
  return { receiver: route.receiver, groupWait: route.groupWait, groupInterval: route.groupInterval, repeatInterval: route.repeatInterval };
}

/** The import gives route and inhibition matchers distinct enum types over the same strings. */
function crdMatcher<MatchType>(m: Matcher): { name: string; matchType: MatchType; value: string } {
  return { name: m.name, matchType: m.matchType as MatchType, value: m.value };
}

/** One receiver per name, each reading its credential from its key of the Secret. */
function receivers(props: AlertRoutingProps): AlertmanagerConfigSpecReceivers[] {
  const ref = (receiver: ReceiverName) => ({ name: props.secret.name, key: props.secret.keys[receiver] });
  const byName: Record<ReceiverName, Omit<AlertmanagerConfigSpecReceivers, 'name'>> = {
    // Resolving an alert resolves its PagerDuty incident.
    pagerduty: { pagerdutyConfigs: [{ routingKey: ref('pagerduty'), severity: PAGERDUTY_SEVERITY, sendResolved: true }] },
    slack: { slackConfigs: [{ apiUrl: ref('slack'), channel: props.slackChannel, sendResolved: true }] },
    // A digest: resolved infos are not worth a mail.
    email: {
      emailConfigs: [
        {
          to: props.email.to.join(', '),
          from: props.email.from,
          smarthost: props.email.smarthost,
          authUsername: props.email.authUsername,
          authPassword: ref('email'),
          requireTls: true,
          sendResolved: false,
        },
      ],
    },
  };
  return Object.entries(byName).map(([name, receiver]) => ({ name, ...receiver }));
}
