/** Kubernetes label selector semantics (metav1.LabelSelector). */

/** A metav1.LabelSelector as it appears in manifests. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * Whether `labels` match `selector`: every matchLabels pair and every matchExpression (In, NotIn, Exists,
 * DoesNotExist) must hold; `{}` matches everything. NotIn also matches when the key is absent, as in
 * Kubernetes. Throws on an unknown operator or an In/NotIn without values (the API server rejects those).
 */
export function matchesSelector(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    switch (operator) {
      case 'In':
      case 'NotIn': {
        if (values.length === 0) throw new Error(`label selector: ${operator} on "${key}" needs values`);
        const inValues = has && values.includes(labels[key]);
        if (operator === 'In' ? !inValues : inValues) return false;
        break;
      }
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`label selector: unknown operator "${operator}" on "${key}"`);
    }
  }
  return true;
}

/** Compact text form of a selector for messages: `app=api,tier in (a,b)`; `{}` is "all". */
export function describeSelector(selector: LabelSelector | undefined): string {
  const parts = [
    ...Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(selector?.matchExpressions ?? []).map((e) =>
      e.operator === 'Exists' ? e.key : e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`,
    ),
  ];
  return parts.length === 0 ? 'all' : parts.join(',');
}
