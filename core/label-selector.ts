/** Kubernetes label selectors: the metav1.LabelSelector of manifests, and the `?labelSelector=` text form. */

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

/** Splits a selector's text at the commas outside `(...)`. */
function requirementsOf(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

const KEY = '[A-Za-z0-9][-A-Za-z0-9_./]*';
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s+\\(([^)]*)\\)$`);
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*([-A-Za-z0-9_.]*)$`);
const EXISTS = new RegExp(`^(!?)(${KEY})$`);

/**
 * Parses the text form of a selector (as in `?labelSelector=`: `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
 * `k notin (a,b)`, `k`, `!k`, comma-separated and ANDed) into the LabelSelector it means, for
 * `matchesSelector` (`k=v` is `In [v]`; `k!=v` is `NotIn [v]`: both match when the key is absent). Throws on a
 * malformed requirement (the API server answers 400 BadRequest).
 */
export function parseLabelSelector(text: string): LabelSelector {
  const selector: Required<Pick<LabelSelector, 'matchExpressions'>> = { matchExpressions: [] };
  for (const part of requirementsOf(text)) {
    let m = SET.exec(part);
    if (m) {
      const values = m[3].split(',').map((v) => v.trim()).filter(Boolean);
      if (values.length === 0) throw new Error(`unable to parse requirement: ${part}`);
      selector.matchExpressions.push({ key: m[1], operator: m[2] === 'in' ? 'In' : 'NotIn', values });
      continue;
    }
    m = EQUALITY.exec(part);
    if (m) {
      selector.matchExpressions.push({ key: m[1], operator: m[2] === '!=' ? 'NotIn' : 'In', values: [m[3]] });
      continue;
    }
    m = EXISTS.exec(part);
    if (m) {
      selector.matchExpressions.push({ key: m[2], operator: m[1] ? 'DoesNotExist' : 'Exists' });
      continue;
    }
    throw new Error(`unable to parse requirement: ${part}`);
  }
  return selector;
}
