import { type FieldError } from '../common/errors';

/**
 * Promotions (促销) as data: what HQ defines, what the stores replicate and what the engine reads.
 * The kind-specific part is `rules` (JSON); the header carries the filters and the stacking.
 */
export const PROMOTION_KIND_VALUES = ['special_price', 'percent_off', 'spend_save', 'buy_get', 'nth_discount', 'bundle', 'points'] as const;
export type PromotionKind = (typeof PROMOTION_KIND_VALUES)[number];

export const PROMOTION_KINDS: Record<PromotionKind, { zh: string; en: string }> = {
  special_price: { zh: '特价', en: 'special price' },
  percent_off: { zh: '折扣', en: 'percent off' },
  spend_save: { zh: '满减', en: 'spend and save' },
  buy_get: { zh: '多买多赠', en: 'buy N get M free' },
  nth_discount: { zh: '第二件半价', en: 'n-th item discount' },
  bundle: { zh: '组合套餐', en: 'bundle' },
  points: { zh: '积分倍数', en: 'points multiplier' },
};

/**
 * Which lines a rule covers: a line matches when its product is listed, or its category or one of
 * the category's ancestors is listed, or its brand is listed (any of the three). No list at all
 * (`{}`) covers every line.
 */
export interface ItemScope {
  productIds?: string[];
  categoryIds?: string[];
  brandIds?: string[];
}

/** 特价: these products at this unit price (optionally for at most `maxQuantity` per basket, the rest at the normal price). */
export interface SpecialPriceRules {
  items: Array<{ productId: string; price: string; maxQuantity?: string | null }>;
}

/** 折扣: `percent` off the lines in scope (e.g. "20" = 8折). */
export interface PercentOffRules {
  scope: ItemScope;
  percent: string;
}

/** 满减: when the lines in scope reach `spend`, `save` comes off; the highest step reached applies. */
export interface SpendSaveRules {
  scope: ItemScope;
  tiers: Array<{ spend: string; save: string }>;
}

/**
 * 多买多赠 / 满赠: for every `buy.quantity` units bought in `buy.scope`, `get.quantity` units free —
 * of the same goods (`get.scope` absent: from every N+M units the M cheapest are free) or of other
 * goods (`get.scope`: the cheapest units of those in the basket are free). Whole units only.
 */
export interface BuyGetRules {
  buy: { scope: ItemScope; quantity: number };
  get: { scope?: ItemScope | null; quantity: number };
}

/** 第二件半价: of the same product, every n-th unit `percent` off (n = 2, percent = 50: the second at half price). Whole units only. */
export interface NthDiscountRules {
  scope: ItemScope;
  n: number;
  percent: string;
}

/** 组合套餐: each complete set of the components costs `price`; the saving is spread over the component lines pro rata. */
export interface BundleRules {
  components: Array<{ productId: string; quantity: number }>;
  price: string;
  maxSets?: number | null;
}

/** 积分倍数: the lines in scope earn `multiplier` × the points (no money changes). */
export interface PointsRules {
  scope: ItemScope;
  multiplier: string;
}

export type PromotionRules = SpecialPriceRules | PercentOffRules | SpendSaveRules | BuyGetRules | NthDiscountRules | BundleRules | PointsRules;

/** A promotion as the engine reads it (HQ's row, the store's replica, or the snapshot kept on a sale). */
export interface PromotionDef {
  id: string;
  code: string;
  name: string;
  kind: PromotionKind;
  /** higher first */
  priority: number;
  /** true: combines with other stackable promotions on the same lines; false: a line it takes gets no other promotion */
  stackable: boolean;
  rules: PromotionRules;
  // filters (not applied when the remainder of a sale is priced again for a refund: they held at the sale)
  /** null or empty: every store */
  storeIds?: string[] | null;
  startsAt?: string | Date | null;
  endsAt?: string | Date | null;
  stoppedAt?: string | Date | null;
  /** ISO weekdays, 1 = Monday … 7 = Sunday; null or empty: every day */
  daysOfWeek?: number[] | null;
  /** 'HH:MM' local time; from > to runs over midnight; both null: all day */
  timeFrom?: string | null;
  timeTo?: string | null;
  membersOnly?: boolean;
  /** non-empty: only cards of these types (implies members only) */
  cardTypeIds?: string[] | null;
}

const MONEY = /^\d{1,13}(\.\d{1,2})?$/;
const QTY = /^\d{1,12}(\.\d{1,3})?$/;
const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;
const MULTIPLIER = /^\d{1,2}(\.\d{1,2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** At most this many products, categories or brands in one list, components in a bundle, steps of 满减. */
export const PROMOTION_LIST_LIMIT = 500;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** The product, category and brand ids a rule names (for the check against the catalog at HQ). */
export function referencedIds(kind: PromotionKind, rules: PromotionRules): { productIds: string[]; categoryIds: string[]; brandIds: string[] } {
  const scopes: ItemScope[] = [];
  const productIds: string[] = [];
  const r = rules as unknown as Record<string, unknown>;
  if (kind === 'special_price') productIds.push(...(rules as SpecialPriceRules).items.map((i) => i.productId));
  else if (kind === 'bundle') productIds.push(...(rules as BundleRules).components.map((c) => c.productId));
  else if (kind === 'buy_get') {
    const b = rules as BuyGetRules;
    scopes.push(b.buy.scope);
    if (b.get.scope) scopes.push(b.get.scope);
  } else if (isObject(r.scope)) scopes.push(r.scope);
  for (const s of scopes) productIds.push(...(s.productIds ?? []));
  return {
    productIds: [...new Set(productIds)],
    categoryIds: [...new Set(scopes.flatMap((s) => s.categoryIds ?? []))],
    brandIds: [...new Set(scopes.flatMap((s) => s.brandIds ?? []))],
  };
}

/**
 * Checks a rule's shape for its kind: every field named, with a message, under `rules.…`. Pure (no
 * catalog look-up); HQ checks the ids exist separately. The engine skips a rule that fails this.
 */
export function ruleFaults(kind: unknown, rules: unknown): FieldError[] {
  const f: FieldError[] = [];
  const add = (field: string, message: string) => f.push({ field: `rules${field ? '.' + field : ''}`, message });
  if (typeof kind !== 'string' || !(kind in PROMOTION_KINDS)) return [{ field: 'kind', message: `one of ${Object.keys(PROMOTION_KINDS).join(', ')}` }];
  if (!isObject(rules)) return [{ field: 'rules', message: 'an object' }];
  const allowed = (o: Record<string, unknown>, at: string, keys: string[]) => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) add(`${at}${at ? '.' : ''}${k}`, 'unknown field');
  };
  const ids = (v: unknown, at: string) => {
    if (v === undefined) return;
    if (!Array.isArray(v) || v.length > PROMOTION_LIST_LIMIT || !v.every((x) => typeof x === 'string' && UUID.test(x))) add(at, `a list of at most ${PROMOTION_LIST_LIMIT} ids`);
  };
  const scope = (v: unknown, at: string) => {
    if (!isObject(v)) return add(at, 'an object with productIds, categoryIds and/or brandIds ({} = everything)');
    allowed(v, at, ['productIds', 'categoryIds', 'brandIds']);
    ids(v.productIds, `${at}.productIds`);
    ids(v.categoryIds, `${at}.categoryIds`);
    ids(v.brandIds, `${at}.brandIds`);
  };
  const money = (v: unknown, at: string, positive = true) => {
    if (typeof v !== 'string' || !MONEY.test(v) || (positive && Number(v) <= 0))
      add(at, positive ? 'an amount > 0 with at most 2 decimals, e.g. "9.90"' : 'an amount ≥ 0 with at most 2 decimals');
  };
  const percent = (v: unknown, at: string, max: number) => {
    if (typeof v !== 'string' || !PERCENT.test(v) || Number(v) <= 0 || Number(v) > max) add(at, `a percentage > 0 and ≤ ${max} with at most 2 decimals, e.g. "20"`);
  };
  const r = rules;
  switch (kind as PromotionKind) {
    case 'special_price': {
      allowed(r, '', ['items']);
      if (!Array.isArray(r.items) || !r.items.length || r.items.length > PROMOTION_LIST_LIMIT)
        return [...f, { field: 'rules.items', message: `1 to ${PROMOTION_LIST_LIMIT} products` }];
      const seen = new Set<string>();
      r.items.forEach((it: unknown, i) => {
        if (!isObject(it)) return add(`items.${i}`, 'an object { productId, price, maxQuantity? }');
        allowed(it, `items.${i}`, ['productId', 'price', 'maxQuantity']);
        if (typeof it.productId !== 'string' || !UUID.test(it.productId)) add(`items.${i}.productId`, 'a product id');
        else if (seen.has(it.productId)) add(`items.${i}.productId`, 'listed twice');
        else seen.add(it.productId);
        money(it.price, `items.${i}.price`, false);
        if (it.maxQuantity !== undefined && it.maxQuantity !== null && (typeof it.maxQuantity !== 'string' || !QTY.test(it.maxQuantity) || Number(it.maxQuantity) <= 0))
          add(`items.${i}.maxQuantity`, 'a quantity > 0 with at most 3 decimals');
      });
      break;
    }
    case 'percent_off':
      allowed(r, '', ['scope', 'percent']);
      scope(r.scope, 'scope');
      percent(r.percent, 'percent', 99.99);
      break;
    case 'spend_save': {
      allowed(r, '', ['scope', 'tiers']);
      scope(r.scope, 'scope');
      if (!Array.isArray(r.tiers) || !r.tiers.length || r.tiers.length > 20) return [...f, { field: 'rules.tiers', message: '1 to 20 steps { spend, save }' }];
      let last = -1;
      r.tiers.forEach((t: unknown, i) => {
        if (!isObject(t)) return add(`tiers.${i}`, 'an object { spend, save }');
        allowed(t, `tiers.${i}`, ['spend', 'save']);
        money(t.spend, `tiers.${i}.spend`);
        money(t.save, `tiers.${i}.save`);
        if (typeof t.spend === 'string' && typeof t.save === 'string' && Number(t.save) > Number(t.spend)) add(`tiers.${i}.save`, 'at most the spend of its step');
        if (typeof t.spend === 'string' && Number(t.spend) <= last) add(`tiers.${i}.spend`, 'steps in ascending order of spend');
        if (typeof t.spend === 'string') last = Number(t.spend);
      });
      break;
    }
    case 'buy_get': {
      allowed(r, '', ['buy', 'get']);
      if (!isObject(r.buy)) add('buy', 'an object { scope, quantity }');
      else {
        allowed(r.buy, 'buy', ['scope', 'quantity']);
        scope(r.buy.scope, 'buy.scope');
        if (!isInt(r.buy.quantity, 1, 999)) add('buy.quantity', 'a whole number from 1 to 999');
      }
      if (!isObject(r.get)) add('get', 'an object { quantity, scope? }');
      else {
        allowed(r.get, 'get', ['scope', 'quantity']);
        if (r.get.scope !== undefined && r.get.scope !== null) scope(r.get.scope, 'get.scope');
        if (!isInt(r.get.quantity, 1, 999)) add('get.quantity', 'a whole number from 1 to 999');
      }
      break;
    }
    case 'nth_discount':
      allowed(r, '', ['scope', 'n', 'percent']);
      scope(r.scope, 'scope');
      if (!isInt(r.n, 2, 99)) add('n', 'a whole number from 2 to 99');
      percent(r.percent, 'percent', 100);
      break;
    case 'bundle': {
      allowed(r, '', ['components', 'price', 'maxSets']);
      money(r.price, 'price', false);
      if (r.maxSets !== undefined && r.maxSets !== null && !isInt(r.maxSets, 1, 9999)) add('maxSets', 'a whole number from 1 to 9999');
      if (!Array.isArray(r.components) || r.components.length < 2 || r.components.length > 50)
        return [...f, { field: 'rules.components', message: '2 to 50 components { productId, quantity }' }];
      const seen = new Set<string>();
      r.components.forEach((c: unknown, i) => {
        if (!isObject(c)) return add(`components.${i}`, 'an object { productId, quantity }');
        allowed(c, `components.${i}`, ['productId', 'quantity']);
        if (typeof c.productId !== 'string' || !UUID.test(c.productId)) add(`components.${i}.productId`, 'a product id');
        else if (seen.has(c.productId)) add(`components.${i}.productId`, 'listed twice (raise its quantity instead)');
        else seen.add(c.productId);
        if (!isInt(c.quantity, 1, 999)) add(`components.${i}.quantity`, 'a whole number from 1 to 999');
      });
      break;
    }
    case 'points':
      allowed(r, '', ['scope', 'multiplier']);
      scope(r.scope, 'scope');
      if (typeof r.multiplier !== 'string' || !MULTIPLIER.test(r.multiplier) || Number(r.multiplier) <= 1) add('multiplier', 'a number > 1 with at most 2 decimals, e.g. "2"');
      break;
  }
  return f;
}
