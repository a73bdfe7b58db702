import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheusrules-monitoring.coreos.com';
import type { RuleGroup } from './rule-groups';

export interface AlertingRulesProps {
  /** Name of the PrometheusRule. */
  readonly name: string;
  readonly namespace: string;
  /** Labels the Prometheus' `ruleSelector` matches (`alerting.ruleSelector`). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly groups: readonly RuleGroup[];
}

/**
 * Rule groups as a prometheus-operator PrometheusRule, labelled for the Prometheus that should load
 * them. The operator writes the groups into the Prometheus' rule files unchanged, so `spec` is a
 * rule file: the tests run `promtool` on it.
 */
export class AlertingRules extends Construct {
  readonly prometheusRule: PrometheusRule;

  constructor(scope: Construct, id: string, props: AlertingRulesProps) {
    super(scope, id);
    this.prometheusRule = new PrometheusRule(this, 'rule', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.selectorLabels } },
      spec: {
        groups: props.groups.map((group) => ({
          name: group.name,
          rules: group.rules.map((rule) => ({ ...rule, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr) })),
        })),
      },
    });
  }
}
