import { type Dec, dec, type DecimalInput } from '@chain-erp/shared';

/**
 * 账龄: open amounts by age. `document` counts days since the document's business date (how long it
 * has been owed); `due` counts days past the due date, and what is not yet due has its own bucket.
 */
export type AgeingBasis = 'document' | 'due';
export const AGEING_BASES: readonly AgeingBasis[] = ['document', 'due'];

export type BucketKey = 'notDue' | 'd0to30' | 'd31to60' | 'd61to90' | 'd90plus';

/** The buckets, in order; `from`/`to` are ages in days, both ends included (null = open-ended). */
export const AGEING_BUCKETS: ReadonlyArray<{ key: BucketKey; zh: string; en: string; from: number | null; to: number | null }> = [
  { key: 'notDue', zh: '未到期', en: 'not yet due', from: null, to: -1 },
  { key: 'd0to30', zh: '0–30天', en: '0–30 days', from: 0, to: 30 },
  { key: 'd31to60', zh: '31–60天', en: '31–60 days', from: 31, to: 60 },
  { key: 'd61to90', zh: '61–90天', en: '61–90 days', from: 61, to: 90 },
  { key: 'd90plus', zh: '90天以上', en: 'over 90 days', from: 91, to: null },
];

/** Whole days from `from` to `to` (YYYY-MM-DD, calendar days; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function bucketOf(ageDays: number): BucketKey {
  return AGEING_BUCKETS.find((b) => (b.from === null || ageDays >= b.from) && (b.to === null || ageDays <= b.to))!.key;
}

/** The age of an item on `asOf`: from its document date, or from its due date (the document date when it has none). */
export function ageOf(item: { docDate: string; dueDate: string | null }, asOf: string, basis: AgeingBasis): number {
  return daysBetween(basis === 'due' ? (item.dueDate ?? item.docDate) : item.docDate, asOf);
}

/** The same buckets as a SQL CASE over an age expression (days), so reports ageing in PostgreSQL agree with `bucketOf`. */
export function bucketSql(ageExpr: string): string {
  const whens = AGEING_BUCKETS.map((b) => {
    const conds = [b.from !== null ? `${ageExpr} >= ${b.from}` : null, b.to !== null ? `${ageExpr} <= ${b.to}` : null].filter(Boolean);
    return `WHEN ${conds.join(' AND ')} THEN '${b.key}'`;
  });
  return `CASE ${whens.join(' ')} END`;
}

export type AgeingTotals = Record<BucketKey, Dec> & { /** unapplied credits (advance payments, credit notes): negative */ unapplied: Dec; /** = balance */ total: Dec };

/**
 * Sums open amounts into buckets: positive open amounts (what is owed) by age, negative ones
 * (payments and credit notes not yet matched) as `unapplied`. `total` equals the party's balance.
 */
export function ageItems(items: Array<{ open: DecimalInput; docDate: string; dueDate: string | null }>, asOf: string, basis: AgeingBasis): AgeingTotals {
  const t = { notDue: dec(0), d0to30: dec(0), d31to60: dec(0), d61to90: dec(0), d90plus: dec(0), unapplied: dec(0), total: dec(0) };
  for (const i of items) {
    const open = dec(i.open);
    if (open.isZero()) continue;
    t.total = t.total.plus(open);
    if (open.isNegative()) t.unapplied = t.unapplied.plus(open);
    else {
      const k = bucketOf(ageOf(i, asOf, basis));
      t[k] = t[k].plus(open);
    }
  }
  return t;
}
