/**
 * Kubernetes label selector syntax (as in `?labelSelector=`): `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
 * `k notin (a,b)`, `k` (exists), `!k` (does not exist), comma-separated and ANDed.
 */
export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
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

/** Throws on a malformed selector (the API server answers 400 BadRequest). */
export function parseLabelSelector(selector: string): LabelMatcher {
  const requirements = splitTopLevel(selector).map<LabelMatcher>((part) => {
    let m = SET.exec(part);
    if (m) {
      const [, key, op, list] = m;
      const values = new Set(list.split(',').map((v) => v.trim()).filter(Boolean));
      return op === 'in' ? (l) => l?.[key] !== undefined && values.has(l[key]) : (l) => l?.[key] === undefined || !values.has(l[key]);
    }
    m = EQUALITY.exec(part);
    if (m) {
      const [, key, op, value] = m;
      return op === '!=' ? (l) => l?.[key] !== value : (l) => l?.[key] === value;
    }
    m = EXISTS.exec(part);
    if (m) {
      const [, not, key] = m;
      return not ? (l) => l?.[key] === undefined : (l) => l?.[key] !== undefined;
    }
    throw new Error(`unable to parse requirement: ${part}`);
  });
  return (labels) => requirements.every((r) => r(labels));
}
