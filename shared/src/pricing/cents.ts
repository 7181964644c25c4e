import { Dec, type DecimalInput } from '../common/money';

/**
 * Integer maths for the promotion engine: amounts as bigint cents, quantities as bigint thousandths
 * (weighed goods have 3 decimals). Exact at any size (numeric(18,2) does not fit a JS number in
 * cents), and an order of magnitude cheaper than decimal.js in the combination search.
 */

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal string (or number) as an integer of 10^-places units, rounded half up. */
function scaled(v: DecimalInput, places: number): bigint {
  const m = typeof v === 'string' ? PLAIN.exec(v) : null;
  if (!m) return BigInt(new Dec(v).times(10 ** places).toFixed(0));
  const frac = m[3] ?? '';
  let n = BigInt(m[2] + frac.slice(0, places).padEnd(places, '0'));
  if (frac.length > places && frac.charCodeAt(places) >= 53 /* '5' */) n += 1n;
  return m[1] ? -n : n;
}

export function toCents(v: DecimalInput): bigint {
  return scaled(v, 2);
}

export function fromCents(c: bigint): string {
  const neg = c < 0n;
  const a = neg ? -c : c;
  const s = a.toString().padStart(3, '0');
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** Quantity in thousandths (1.255 kg → 1255). */
export function toMilli(v: DecimalInput): bigint {
  return scaled(v, 3);
}

export function fromMilli(m: bigint): string {
  return new Dec(m.toString()).div(1000).toString();
}

/** Percent with up to 2 decimals in basis points of a percent (12.5 % → 1250). */
export function toBasisPoints(v: DecimalInput): bigint {
  return scaled(v, 2);
}

/** n ÷ d rounded half up, for n ≥ 0 and d > 0 (the cashier's rounding). */
export function divHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/** The share of `amount` that `part` of `whole` carries, half up; the whole carries all of it. */
export function portion(amount: bigint, part: bigint, whole: bigint): bigint {
  if (part >= whole) return amount;
  if (part <= 0n || whole <= 0n) return 0n;
  return divHalfUp(amount * part, whole);
}

export const minBig = (a: bigint, b: bigint) => (a < b ? a : b);
export const maxBig = (a: bigint, b: bigint) => (a > b ? a : b);
export const sumBig = (xs: Iterable<bigint>) => {
  let s = 0n;
  for (const x of xs) s += x;
  return s;
};

/**
 * Splits `total` over `weights` in proportion, largest remainder: each part is rounded down, the
 * cents left go one each to the largest remainders (ties: the earlier position). The parts add up
 * to `total` exactly, and when total ≤ Σ weights no part exceeds its weight. Zero weights get
 * nothing; if every weight is zero the last position takes it all.
 */
export function allocateCents(total: bigint, weights: bigint[]): bigint[] {
  const w = sumBig(weights);
  if (!weights.length) return [];
  if (w <= 0n) return weights.map((_, i) => (i === weights.length - 1 ? total : 0n));
  const parts = weights.map((x) => (total * x) / w);
  let left = total - sumBig(parts);
  if (left > 0n) {
    const order = weights
      .map((x, i) => ({ i, r: (total * x) % w }))
      .filter((o) => weights[o.i] > 0n)
      .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
    for (let k = 0; left > 0n; k = (k + 1) % order.length, left--) parts[order[k].i] += 1n;
  }
  return parts;
}
