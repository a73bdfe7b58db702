/**
 * Parsing of Kubernetes resource quantities ("500m", "2", "512Mi", "4Gi") into plain numbers,
 * so the config can compare requests with limits. CPU is returned in cores, memory in bytes.
 */
const SUFFIXES: Record<string, number> = {
  m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** True when `value` is a Kubernetes quantity this project accepts (no exponents, no signs). */
export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

/** The numeric value of a quantity; throws on anything `isQuantity` rejects. */
export function parseQuantity(value: string): number {
  const match = QUANTITY.exec(value);
  if (!match) throw new Error(`not a Kubernetes quantity: ${JSON.stringify(value)}`);
  return Number(match[1]) * SUFFIXES[match[2] ?? ''];
}
