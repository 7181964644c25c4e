import { Dec, dec, type DecimalInput } from '../common/money';

export interface AllocationClaim {
  /** stable key (e.g. the request line id); ties are broken by it, so the result never depends on input order */
  key: string;
  requested: DecimalInput;
  /** 1 is served before 2, and so on; claims without one share the last tier */
  priority?: number | null;
}

export interface Allocation {
  key: string;
  requested: string;
  allocated: string;
}

/**
 * 缺货分配: shares what HQ has among stores' claims when it cannot cover them all.
 * Tiers by priority are served in order; inside a tier that cannot be covered every claim gets its
 * share proportional to what it asked, rounded down to the unit (1 for counted goods, 0.001 for
 * weighed goods), and the units left over go one each to the largest rounding remainders (then the
 * larger claim, then the key). Exact decimals throughout; never more than asked, never more than there is.
 */
export function allocate(available: DecimalInput, claims: AllocationClaim[], options: { wholeUnits: boolean }): Allocation[] {
  const step = options.wholeUnits ? dec(1) : dec('0.001');
  const floorToStep = (v: Dec) => v.div(step).floor().times(step);
  let left = Dec.max(floorToStep(dec(available)), 0);
  const out = new Map<string, Dec>();
  const tiers = new Map<number, AllocationClaim[]>();
  for (const c of claims) {
    if (dec(c.requested).lt(0)) throw new RangeError(`claim ${c.key} asks for a negative quantity`);
    const t = c.priority ?? Number.MAX_SAFE_INTEGER;
    tiers.set(t, [...(tiers.get(t) ?? []), c]);
  }
  for (const t of [...tiers.keys()].sort((a, b) => a - b)) {
    const tier = [...tiers.get(t)!].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const total = tier.reduce((s, c) => s.plus(c.requested), dec(0));
    if (total.lte(left)) {
      for (const c of tier) out.set(c.key, dec(c.requested));
      left = left.minus(total);
      continue;
    }
    const shares = tier.map((c) => {
      const exact = total.isZero() ? dec(0) : left.times(c.requested).div(total);
      const base = Dec.min(floorToStep(exact), dec(c.requested));
      return { c, base, rest: exact.minus(base) };
    });
    let spare = left.minus(shares.reduce((s, x) => s.plus(x.base), dec(0)));
    const order = [...shares].sort((a, b) => b.rest.cmp(a.rest) || dec(b.c.requested).cmp(a.c.requested) || (a.c.key < b.c.key ? -1 : 1));
    for (const x of order) {
      if (spare.lt(step)) break;
      if (x.base.plus(step).lte(x.c.requested)) {
        x.base = x.base.plus(step);
        spare = spare.minus(step);
      }
    }
    for (const x of shares) out.set(x.c.key, x.base);
    left = dec(0);
  }
  return claims.map((c) => ({ key: c.key, requested: dec(c.requested).toString(), allocated: (out.get(c.key) ?? dec(0)).toString() }));
}

/** Units whose quantities may have decimals (weighed goods); everything else is counted in whole units. */
const WEIGHED_UNITS = new Set(['kg', 'g', 'jin', 'lb', '公斤', '千克', '克', '斤', '两']);

export function isWeighedUnit(unitCodeOrName: string | null | undefined): boolean {
  return !!unitCodeOrName && WEIGHED_UNITS.has(unitCodeOrName.trim().toLowerCase());
}
