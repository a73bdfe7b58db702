/**
 * PromQL read with Prometheus' own grammar (@prometheus-io/lezer-promql, the parser of Prometheus'
 * web UI): syntax errors, the metrics an expression reads, and its aggregations.
 */
import { parser } from '@prometheus-io/lezer-promql';

export interface Aggregation {
  readonly text: string;
  readonly modifier: 'by' | 'without' | 'none';
  readonly labels: readonly string[];
}

export interface PromqlFacts {
  /** Where the parser found a syntax error (its "⚠" nodes), as `offset: text`. */
  readonly errors: readonly string[];
  /** The metric names of every vector selector, sorted, unique. */
  readonly metrics: readonly string[];
  readonly aggregations: readonly Aggregation[];
}

export function analyse(expr: string): PromqlFacts {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  const metrics = new Set<string>();
  const aggregations: Aggregation[] = [];
  const text = (from: number, to: number) => expr.slice(from, to);
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors.push(`${node.from}: ${JSON.stringify(text(Math.max(0, node.from - 20), node.to + 20))}`);
      if (node.name === 'VectorSelector') {
        const identifier = node.node.getChild('Identifier');
        if (identifier) metrics.add(text(identifier.from, identifier.to));
      }
      if (node.name === 'AggregateExpr') {
        const modifier = node.node.getChild('AggregateModifier');
        const kind = modifier?.getChild('By') ? 'by' : modifier?.getChild('Without') ? 'without' : 'none';
        const labels = modifier?.getChild('GroupingLabels')?.getChildren('LabelName').map((l) => text(l.from, l.to)) ?? [];
        aggregations.push({ text: text(node.from, node.to), modifier: kind, labels });
      }
    },
  });
  return { errors, metrics: [...metrics].sort(), aggregations };
}

/** Aggregations that drop the `namespace` label (AlertmanagerConfig routes match on it). */
export function droppingNamespace(facts: PromqlFacts): Aggregation[] {
  return facts.aggregations.filter((a) => (a.modifier === 'by' ? !a.labels.includes('namespace') : a.modifier === 'none' || a.labels.includes('namespace')));
}
