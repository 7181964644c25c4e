import { Dec } from '../common/money';
import { allocateCents, divHalfUp, fromCents, minBig, portion, sumBig, toBasisPoints, toCents, toMilli } from './cents';
import {
  type BundleRules,
  type BuyGetRules,
  type ItemScope,
  type NthDiscountRules,
  type PercentOffRules,
  type PointsRules,
  type PromotionDef,
  type PromotionKind,
  ruleFaults,
  type SpecialPriceRules,
  type SpendSaveRules,
} from './promotion.rules';

/**
 * The promotion engine (促销引擎): pure and deterministic — no database, no clock (the time is an
 * input). Given a basket (lines with their resolved unit prices), the member and the time, it picks
 * the combination of promotions that costs the customer least under the stacking rules, and says
 * on each line what applied and what it saved. docs/promotions.md describes the rules; in short:
 *
 * - **Order**: promotions apply one after another by priority (higher first; ties by code), each on
 *   what the lines cost after the ones before it.
 * - **Stacking**: an exclusive promotion (stackable = false) takes only lines no promotion has
 *   touched, and no promotion touches the lines it took. Stackable ones combine with each other.
 * - **Best combination**: every subset of the promotions that can save something is a candidate;
 *   the cheapest total wins (ties: the one keeping the higher-priority promotions). Promotions whose
 *   lines do not overlap are independent and searched separately (their groups add up).
 * - **Rounding**: every saving a promotion computes is rounded to the cent half up; a saving over
 *   several lines is split pro rata to what the lines cost at that point, largest remainder (each
 *   part rounded down, the cents left to the largest remainders, ties to the earlier line in the
 *   canonical order), so the lines' savings add up exactly and no line goes below zero.
 * - **Order of the basket does not matter**: lines are put in a canonical order (product, amount,
 *   quantity, …) before anything is computed, so the same basket scanned in another order gives the
 *   same total, and the same savings per line (lines identical in every respect may swap a cent).
 *
 * Cost: with g promotions in a group of overlapping ones, 2^g evaluations of O(g × lines) each
 * while g ≤ 10 (`EXHAUSTIVE_LIMIT`), beyond that a greedy pass (add in priority order what lowers
 * the total, then drop what no longer helps): O(g² × lines). A promotion that saves nothing on its
 * own is dropped first (applying others before it can only lower what it saves), so a typical till
 * basket evaluates a handful of combinations — microseconds (bench/pos-sales, BENCHMARKS.md).
 */

export const EXHAUSTIVE_LIMIT = 10;

export type ScopeRole = 'item' | 'buy' | 'get';
/** What a line was to a promotion: in its scope ('item'), bought to qualify ('buy'), given ('get'), or both. */
export type PartRole = 'item' | 'buy' | 'get' | 'both';

export interface BasketLine {
  productId: string;
  /** the product's category and its ancestors (`category.path`) */
  categoryPath?: string[] | null;
  brandId?: string | null;
  /** up to 3 decimals (weighed goods); buy-get, n-th item and bundles count whole units only */
  quantity: string;
  unitPrice: string;
  /** quantity × unit price to the cent, or the amount a weighed-goods label carries */
  gross: string;
  /** takes no promotion (a voided line, a price the cashier overrode) */
  excluded?: boolean;
  /**
   * Re-pricing what is left of a sale (refunds): the promotions this line took part in at the sale
   * and as what. Only those may apply to it, and its scope is not checked again.
   */
  tookPart?: Array<{ promotionId: string; role?: PartRole }> | null;
}

export interface LinePromotion {
  promotionId: string;
  code: string;
  name: string;
  kind: PromotionKind;
  /** what this promotion took off this line ("0.00" for a line that only counted, e.g. a bought unit of 买二赠一) */
  saving: string;
  role: PartRole;
}

export interface PricedLine {
  gross: string;
  /** Σ of the promotions' savings on this line */
  saving: string;
  /** gross − saving */
  amount: string;
  promotions: LinePromotion[];
  /** points earned ×; null = 1 */
  pointsMultiplier: string | null;
}

export interface AppliedPromotion {
  promotionId: string;
  code: string;
  name: string;
  kind: PromotionKind;
  saving: string;
  /** lines it took part in */
  lines: number;
}

export interface BasketPricing {
  /** in the order of the input lines */
  lines: PricedLine[];
  gross: string;
  saving: string;
  total: string;
  applied: AppliedPromotion[];
  /** combinations evaluated (for the benchmark and tests of the bound) */
  evaluations: number;
}

/** Local wall-clock facts of an instant, at the store (days of week and hours are local). */
export interface LocalMoment {
  instant: number;
  /** ISO: 1 = Monday … 7 = Sunday */
  weekday: number;
  /** minutes since local midnight */
  minute: number;
}

/** The moment as the server's local clock reads it (as `localToday` does for business days). */
export function localMoment(d: Date): LocalMoment {
  const day = d.getDay();
  return { instant: d.getTime(), weekday: day === 0 ? 7 : day, minute: d.getHours() * 60 + d.getMinutes() };
}

export interface PromotionContext {
  storeId: string;
  at: LocalMoment;
  /** the card presented at the till, or null */
  member: { cardTypeId: string } | null;
}

const instant = (v: string | Date | null | undefined) => (v === null || v === undefined ? null : new Date(v).getTime());
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Is the promotion in force for this store, time and member? (Status is the caller's: approved ones only.) */
export function isApplicable(p: PromotionDef, ctx: PromotionContext): boolean {
  if (p.storeIds?.length && !p.storeIds.includes(ctx.storeId)) return false;
  const t = ctx.at.instant;
  const starts = instant(p.startsAt);
  const ends = instant(p.endsAt);
  const stopped = instant(p.stoppedAt);
  if (starts !== null && t < starts) return false;
  if (ends !== null && t >= ends) return false;
  if (stopped !== null && t >= stopped) return false;
  if (p.daysOfWeek?.length && !p.daysOfWeek.includes(ctx.at.weekday)) return false;
  if (p.timeFrom && p.timeTo && p.timeFrom !== p.timeTo) {
    const from = minutes(p.timeFrom);
    const to = minutes(p.timeTo);
    const m = ctx.at.minute;
    if (from < to ? m < from || m >= to : m < from && m >= to) return false;
  }
  const cardTypes = p.cardTypeIds?.length ? p.cardTypeIds : null;
  if ((p.membersOnly || cardTypes || p.kind === 'points') && !ctx.member) return false;
  if (cardTypes && !cardTypes.includes(ctx.member!.cardTypeId)) return false;
  return true;
}

export function applicablePromotions(defs: PromotionDef[], ctx: PromotionContext): PromotionDef[] {
  return defs.filter((p) => isApplicable(p, ctx));
}

/** The basket with the promotions in force for this store, time and member. */
export function promoteBasket(lines: BasketLine[], defs: PromotionDef[], ctx: PromotionContext): BasketPricing {
  return priceBasket(lines, applicablePromotions(defs, ctx));
}

// ---------------------------------------------------------------------------------------------

interface Line {
  /** position in canonical order */
  idx: number;
  /** position in the input */
  input: number;
  productId: string;
  cats: string[];
  brandId: string | null;
  qty: bigint;
  units: bigint;
  whole: boolean;
  unitPrice: bigint;
  gross: bigint;
  excluded: boolean;
  took: Map<string, PartRole> | null;
}

interface Outcome {
  savings: Map<number, bigint>;
  parts: Map<number, PartRole>;
}

type Elig = (role: ScopeRole) => number[];

interface Compiled {
  def: PromotionDef;
  stackable: boolean;
  /** scope roles this kind uses */
  roles: ScopeRole[];
  matches: (l: Line, role: ScopeRole) => boolean;
  apply: (lines: Line[], elig: Elig, amount: bigint[]) => Outcome | null;
  /** candidate lines per role for this basket (scope only) */
  cand: Partial<Record<ScopeRole, number[]>>;
}

function scopeMatcher(scope: ItemScope | null | undefined): (l: Line) => boolean {
  const products = new Set(scope?.productIds ?? []);
  const cats = new Set(scope?.categoryIds ?? []);
  const brands = new Set(scope?.brandIds ?? []);
  if (!products.size && !cats.size && !brands.size) return () => true;
  return (l) => products.has(l.productId) || (!!l.brandId && brands.has(l.brandId)) || l.cats.some((c) => cats.has(c));
}

/** a's value per unit vs b's: (a.amount ÷ a.qty) compared exactly */
const perUnit = (amount: bigint[], lines: Line[]) => (i: number, j: number) => {
  const x = amount[i] * lines[j].qty;
  const y = amount[j] * lines[i].qty;
  return x === y ? i - j : x < y ? -1 : 1;
};

function spread(total: bigint, idx: number[], weights: bigint[]): Map<number, bigint> {
  const parts = allocateCents(total, weights);
  return new Map(idx.map((i, k) => [i, parts[k]]));
}

/** Takes `n` units from the lines in this order: [line, units taken] pairs. */
function takeUnits(lines: Line[], order: number[], n: bigint, field: 'units' | 'qty' = 'units'): Array<[number, bigint]> {
  const out: Array<[number, bigint]> = [];
  for (const i of order) {
    if (n <= 0n) break;
    const t = minBig(lines[i][field], n);
    if (t > 0n) out.push([i, t]);
    n -= t;
  }
  return out;
}

const KINDS: Record<Exclude<PromotionKind, 'points'>, (def: PromotionDef) => Pick<Compiled, 'roles' | 'matches' | 'apply'>> = {
  special_price(def) {
    const items = new Map((def.rules as SpecialPriceRules).items.map((it) => [it.productId, { price: toCents(it.price), max: it.maxQuantity ? toMilli(it.maxQuantity) : null }]));
    return {
      roles: ['item'],
      matches: (l) => items.has(l.productId),
      apply(lines, elig, amount) {
        const savings = new Map<number, bigint>();
        const parts = new Map<number, PartRole>();
        const byProduct = new Map<string, number[]>();
        for (const i of elig('item')) byProduct.set(lines[i].productId, [...(byProduct.get(lines[i].productId) ?? []), i]);
        for (const [productId, idx] of byProduct) {
          const item = items.get(productId)!;
          let left = item.max;
          // a limited special goes to the dearest units first (the most the customer can save)
          for (const i of [...idx].sort(perUnit(amount, lines)).reverse()) {
            const take = left === null ? lines[i].qty : minBig(lines[i].qty, left);
            if (take <= 0n) continue;
            const s = portion(amount[i], take, lines[i].qty) - divHalfUp(take * item.price, 1000n);
            if (s <= 0n) continue;
            savings.set(i, s);
            parts.set(i, 'item');
            if (left !== null) left -= take;
          }
        }
        return savings.size ? { savings, parts } : null;
      },
    };
  },

  percent_off(def) {
    const r = def.rules as PercentOffRules;
    const bp = toBasisPoints(r.percent);
    const inScope = scopeMatcher(r.scope);
    return {
      roles: ['item'],
      matches: (l) => inScope(l),
      apply(lines, elig, amount) {
        const idx = elig('item');
        const total = sumBig(idx.map((i) => amount[i]));
        const s = divHalfUp(total * bp, 10000n);
        if (s <= 0n) return null;
        return {
          savings: spread(
            s,
            idx,
            idx.map((i) => amount[i]),
          ),
          parts: new Map(idx.map((i) => [i, 'item'])),
        };
      },
    };
  },

  spend_save(def) {
    const r = def.rules as SpendSaveRules;
    const tiers = r.tiers.map((t) => ({ spend: toCents(t.spend), save: toCents(t.save) }));
    const inScope = scopeMatcher(r.scope);
    return {
      roles: ['item'],
      matches: (l) => inScope(l),
      apply(lines, elig, amount) {
        const idx = elig('item');
        const total = sumBig(idx.map((i) => amount[i]));
        const tier = [...tiers].reverse().find((t) => t.spend <= total);
        if (!tier) return null;
        const s = minBig(tier.save, total);
        if (s <= 0n) return null;
        return {
          savings: spread(
            s,
            idx,
            idx.map((i) => amount[i]),
          ),
          parts: new Map(idx.map((i) => [i, 'item'])),
        };
      },
    };
  },

  nth_discount(def) {
    const r = def.rules as NthDiscountRules;
    const bp = toBasisPoints(r.percent);
    const n = BigInt(r.n);
    const inScope = scopeMatcher(r.scope);
    return {
      roles: ['item'],
      matches: (l) => l.whole && inScope(l),
      apply(lines, elig, amount) {
        const savings = new Map<number, bigint>();
        const parts = new Map<number, PartRole>();
        const byProduct = new Map<string, number[]>();
        for (const i of elig('item')) byProduct.set(lines[i].productId, [...(byProduct.get(lines[i].productId) ?? []), i]);
        for (const idx of byProduct.values()) {
          const k = sumBig(idx.map((i) => lines[i].units)) / n;
          if (k <= 0n) continue;
          // the discounted units are the cheapest of the product's units
          const taken = takeUnits(lines, [...idx].sort(perUnit(amount, lines)), k);
          const values = taken.map(([i, t]) => portion(amount[i], t, lines[i].units));
          const s = divHalfUp(sumBig(values) * bp, 10000n);
          if (s <= 0n) continue;
          for (const [i, v] of spread(
            s,
            taken.map(([i]) => i),
            values,
          ))
            if (v > 0n) savings.set(i, v);
          for (const i of idx) parts.set(i, 'item');
        }
        return savings.size ? { savings, parts } : null;
      },
    };
  },

  buy_get(def) {
    const r = def.rules as BuyGetRules;
    const N = BigInt(r.buy.quantity);
    const M = BigInt(r.get.quantity);
    const buys = scopeMatcher(r.buy.scope);
    const same = !r.get.scope;
    const gets = same ? buys : scopeMatcher(r.get.scope);
    return {
      roles: same ? ['buy'] : ['buy', 'get'],
      matches: (l, role) => l.whole && (role === 'get' ? !same && gets(l) : buys(l)),
      apply(lines, elig, amount) {
        const b = elig('buy');
        const cheapestFirst = perUnit(amount, lines);
        let free: Array<[number, bigint]>;
        const parts = new Map<number, PartRole>(b.map((i) => [i, 'buy']));
        if (same) {
          const sets = sumBig(b.map((i) => lines[i].units)) / (N + M);
          free = takeUnits(lines, [...b].sort(cheapestFirst), sets * M);
        } else {
          const g = [...elig('get')].sort(cheapestFirst);
          for (const i of g) parts.set(i, parts.has(i) ? 'both' : 'get');
          const inBuy = new Set(b);
          const bought = sumBig(b.map((i) => lines[i].units));
          // the most free units f such that what is left to qualify earns them (monotone in f: binary search)
          const earns = (f: bigint) => {
            const overlap = sumBig(
              takeUnits(lines, g, f)
                .filter(([i]) => inBuy.has(i))
                .map(([, t]) => t),
            );
            return ((bought - overlap) / N) * M >= f;
          };
          let lo = 0n;
          let hi = sumBig(g.map((i) => lines[i].units));
          while (lo < hi) {
            const mid = (lo + hi + 1n) / 2n;
            if (earns(mid)) lo = mid;
            else hi = mid - 1n;
          }
          free = takeUnits(lines, g, lo);
        }
        const savings = new Map<number, bigint>();
        for (const [i, t] of free) {
          const v = portion(amount[i], t, lines[i].units);
          if (v > 0n) savings.set(i, v);
        }
        return savings.size ? { savings, parts } : null;
      },
    };
  },

  bundle(def) {
    const r = def.rules as BundleRules;
    const price = toCents(r.price);
    const need = new Map(r.components.map((c) => [c.productId, BigInt(c.quantity)]));
    const maxSets = r.maxSets ? BigInt(r.maxSets) : null;
    return {
      roles: ['item'],
      matches: (l) => l.whole && need.has(l.productId),
      apply(lines, elig, amount) {
        const byProduct = new Map<string, number[]>();
        for (const i of elig('item')) byProduct.set(lines[i].productId, [...(byProduct.get(lines[i].productId) ?? []), i]);
        let sets: bigint | null = maxSets;
        for (const [productId, q] of need) {
          const have = sumBig((byProduct.get(productId) ?? []).map((i) => lines[i].units)) / q;
          sets = sets === null || have < sets ? have : sets;
        }
        if (!sets || sets <= 0n) return null;
        // the dearest units go into the sets (the most the customer can save)
        const used = [...need].flatMap(([productId, q]) => takeUnits(lines, [...byProduct.get(productId)!].sort(perUnit(amount, lines)).reverse(), sets * q));
        const values = used.map(([i, t]) => portion(amount[i], t, lines[i].units));
        const s = sumBig(values) - sets * price;
        if (s <= 0n) return null;
        const savings = new Map<number, bigint>();
        for (const [i, v] of spread(
          s,
          used.map(([i]) => i),
          values,
        ))
          if (v > 0n) savings.set(i, v);
        const parts = new Map<number, PartRole>();
        for (const idx of byProduct.values()) for (const i of idx) parts.set(i, 'item');
        return { savings, parts };
      },
    };
  },
};

/** A promotion the engine can run, or null for one it cannot read (unknown kind, malformed rules: skipped, never a crash). */
function compile(def: PromotionDef, lines: Line[], repricing: boolean): Compiled | null {
  if (def.kind === 'points' || !(def.kind in KINDS) || ruleFaults(def.kind, def.rules).length) return null;
  const k = KINDS[def.kind](def);
  // re-pricing a sale's remainder: a line takes part as it did at the sale, whatever its scope says now
  const matches = repricing
    ? (l: Line, role: ScopeRole) => {
        const took = l.took?.get(def.id);
        return !!took && (took === role || took === 'both');
      }
    : k.matches;
  const cand: Compiled['cand'] = {};
  for (const role of k.roles) cand[role] = lines.filter((l) => !l.excluded && l.gross > 0n && matches(l, role)).map((l) => l.idx);
  if (!k.roles.some((role) => cand[role]!.length)) return null;
  return { def, stackable: def.stackable, roles: k.roles, matches, apply: k.apply, cand };
}

interface Evaluation {
  total: bigint;
  amount: bigint[];
  rec: Array<Array<{ p: number; s: bigint; role: PartRole }>>;
}

function evaluate(lines: Line[], ps: Compiled[], chosen: number[]): Evaluation {
  const n = lines.length;
  const amount = new Array<bigint>(n);
  const excl = new Array<boolean>(n).fill(false);
  const touched = new Array<boolean>(n).fill(false);
  const rec: Evaluation['rec'] = new Array(n);
  for (let i = 0; i < n; i++) {
    amount[i] = lines[i].gross;
    rec[i] = [];
  }
  for (const k of chosen) {
    const p = ps[k];
    const elig: Elig = (role) => {
      const out: number[] = [];
      for (const i of p.cand[role] ?? []) if (amount[i] > 0n && !excl[i] && (p.stackable || !touched[i])) out.push(i);
      return out;
    };
    const out = p.apply(lines, elig, amount);
    if (!out) continue;
    for (const [i, role] of out.parts) {
      touched[i] = true;
      if (!p.stackable) excl[i] = true;
      rec[i].push({ p: k, s: out.savings.get(i) ?? 0n, role });
    }
    for (const [i, s] of out.savings) amount[i] -= s;
  }
  let total = 0n;
  for (let i = 0; i < n; i++) total += amount[i];
  return { total, amount, rec };
}

type CanonicalKey = readonly [string, bigint, bigint, bigint, string, string, number];

/**
 * Canonical order: by what the line is, never by where it was scanned. Lines equal in all of it keep
 * their input order — also when a sale's lines are priced again for a refund: their `tookPart` is
 * deliberately not in the key, since two identical lines that took part differently (one the first
 * promotion's cheapest gift, the other the next one's) would otherwise swap, break the cheapest-free
 * tie the other way and let the sale's own lines earn a different saving (the refund then off by a
 * cent). So the refund passes the sale's lines in the sale's order.
 */
function canonicalKey(l: Line): CanonicalKey {
  return [l.productId, l.gross, l.qty, l.unitPrice, l.brandId ?? '', l.cats.join(','), l.excluded ? 1 : 0];
}

function canonical(a: { key: CanonicalKey; line: Line }, b: { key: CanonicalKey; line: Line }): number {
  for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] < b.key[i] ? -1 : 1;
  return a.line.idx - b.line.idx;
}

function byPriority(a: PromotionDef, b: PromotionDef): number {
  return b.priority - a.priority || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Prices a basket with these promotions (already filtered to the ones in force, or a sale's own for
 * its remainder) — see the file comment for the rules. Throws only on malformed line amounts.
 */
export function priceBasket(input: BasketLine[], promotions: PromotionDef[]): BasketPricing {
  const repricing = input.some((l) => l.tookPart);
  const sorted = input
    .map((l, i): Line => {
      const qty = toMilli(l.quantity);
      return {
        idx: i,
        input: i,
        productId: l.productId,
        cats: l.categoryPath ?? [],
        brandId: l.brandId ?? null,
        qty,
        units: qty / 1000n,
        whole: qty % 1000n === 0n && qty > 0n,
        unitPrice: toCents(l.unitPrice),
        gross: toCents(l.gross),
        excluded: !!l.excluded || qty <= 0n,
        took: l.tookPart ? new Map(l.tookPart.map((t) => [t.promotionId, t.role ?? 'item'])) : null,
      };
    })
    .map((line) => ({ key: canonicalKey(line), line }))
    .sort(canonical)
    .map((x) => x.line);
  // positions in canonical order
  const lines = sorted.map((l, k) => ({ ...l, idx: k }));
  const defs = [...promotions].sort(byPriority);
  const ps = defs.map((d) => compile(d, lines, repricing)).filter((c): c is Compiled => !!c);
  let evaluations = 0;
  const run = (chosen: number[]) => {
    evaluations++;
    return evaluate(lines, ps, chosen);
  };
  const base = lines.reduce((a, l) => a + l.gross, 0n);
  // a promotion that saves nothing alone saves nothing after others either (they only lower amounts and take lines)
  const useful = ps.map((_, k) => k).filter((k) => run([k]).total < base);
  const chosen: number[] = [];
  for (const group of groups(useful, ps)) chosen.push(...(group.length <= EXHAUSTIVE_LIMIT ? exhaustive(group, run) : greedy(group, run)));
  chosen.sort((a, b) => a - b);
  const best = run(chosen);
  return result(input, lines, ps, best, pointsPromotions(promotions, repricing), evaluations);
}

/** Promotions whose candidate lines overlap, transitively (union-find): each group is searched alone. */
function groups(useful: number[], ps: Compiled[]): number[][] {
  const parent = new Map(useful.map((k) => [k, k]));
  const find = (k: number): number => (parent.get(k) === k ? k : find(parent.get(k)!));
  const owner = new Map<number, number>();
  for (const k of useful) {
    for (const i of new Set(Object.values(ps[k].cand).flat())) {
      const o = owner.get(i);
      if (o === undefined) owner.set(i, k);
      else parent.set(find(k), find(o));
    }
  }
  const out = new Map<number, number[]>();
  for (const k of useful) out.set(find(k), [...(out.get(find(k)) ?? []), k]);
  return [...out.values()];
}

/** Every subset, largest first (on equal totals the one keeping higher-priority promotions wins). */
function exhaustive(group: number[], run: (c: number[]) => Evaluation): number[] {
  const g = group.length;
  let best: { total: bigint; chosen: number[] } | null = null;
  for (let mask = (1 << g) - 1; mask >= 0; mask--) {
    // bit g-1-j ↔ group[j]: the highest priority is the most significant bit
    const chosen = group.filter((_, j) => mask & (1 << (g - 1 - j)));
    const total = run(chosen).total;
    if (!best || total < best.total) best = { total, chosen };
  }
  return best!.chosen;
}

/** Bounded search for large groups: add in priority order what lowers the total, then drop what no longer helps. */
function greedy(group: number[], run: (c: number[]) => Evaluation): number[] {
  let chosen: number[] = [];
  let total = run([]).total;
  for (const k of group) {
    const t = run([...chosen, k].sort((a, b) => a - b)).total;
    if (t < total) {
      chosen = [...chosen, k].sort((a, b) => a - b);
      total = t;
    }
  }
  for (const k of [...chosen]) {
    const without = chosen.filter((x) => x !== k);
    const t = run(without).total;
    if (t < total) {
      chosen = without;
      total = t;
    }
  }
  return chosen;
}

interface PointsPromotion {
  def: PromotionDef;
  matches: (l: Line) => boolean;
  multiplier: Dec;
}

function pointsPromotions(promotions: PromotionDef[], repricing: boolean): PointsPromotion[] {
  if (repricing) return [];
  return [...promotions]
    .sort(byPriority)
    .filter((d) => d.kind === 'points' && !ruleFaults(d.kind, d.rules).length)
    .map((d) => ({ def: d, matches: scopeMatcher((d.rules as PointsRules).scope), multiplier: new Dec((d.rules as PointsRules).multiplier) }));
}

function result(input: BasketLine[], lines: Line[], ps: Compiled[], best: Evaluation, points: PointsPromotion[], evaluations: number): BasketPricing {
  const out: PricedLine[] = new Array(input.length);
  const applied = new Map<number, { saving: bigint; lines: number }>();
  const pointsUsed = new Map<string, { def: PromotionDef; lines: number }>();
  lines.forEach((l, k) => {
    const promos: LinePromotion[] = best.rec[k].map((r) => {
      const d = ps[r.p].def;
      const a = applied.get(r.p) ?? { saving: 0n, lines: 0 };
      applied.set(r.p, { saving: a.saving + r.s, lines: a.lines + 1 });
      return { promotionId: d.id, code: d.code, name: d.name, kind: d.kind, saving: fromCents(r.s), role: r.role };
    });
    // 积分倍数: the highest multiplier of those in scope; an exclusive one only on lines without a price promotion
    let mult: PointsPromotion | null = null;
    if (!l.excluded) for (const p of points) if (p.matches(l) && (p.def.stackable || !promos.length) && (!mult || p.multiplier.gt(mult.multiplier))) mult = p;
    if (mult) {
      promos.push({ promotionId: mult.def.id, code: mult.def.code, name: mult.def.name, kind: 'points', saving: '0.00', role: 'item' });
      pointsUsed.set(mult.def.id, { def: mult.def, lines: (pointsUsed.get(mult.def.id)?.lines ?? 0) + 1 });
    }
    const saving = l.gross - best.amount[k];
    out[l.input] = {
      gross: fromCents(l.gross),
      saving: fromCents(saving),
      amount: fromCents(best.amount[k]),
      promotions: promos,
      pointsMultiplier: mult ? mult.multiplier.toString() : null,
    };
  });
  const gross = lines.reduce((a, l) => a + l.gross, 0n);
  return {
    lines: out,
    gross: fromCents(gross),
    saving: fromCents(gross - best.total),
    total: fromCents(best.total),
    applied: [
      ...[...applied]
        .sort(([a], [b]) => a - b)
        .map(([k, a]) => ({ promotionId: ps[k].def.id, code: ps[k].def.code, name: ps[k].def.name, kind: ps[k].def.kind, saving: fromCents(a.saving), lines: a.lines })),
      ...[...pointsUsed.values()].map((p) => ({ promotionId: p.def.id, code: p.def.code, name: p.def.name, kind: p.def.kind, saving: '0.00', lines: p.lines })),
    ],
    evaluations,
  };
}
