import { Dec, dec, type DecimalInput, money } from '@chain-erp/shared';

/** An open item a credit can be matched to: `open` is what is still owed on it (> 0). */
export interface OpenDebit {
  id: string;
  open: DecimalInput;
  docDate: string;
  dueDate: string | null;
  docNo: string;
}

export interface AllocationRequest {
  itemId: string;
  amount: DecimalInput;
}

export interface AllocationProblem {
  /** `item`: more than the item still has open (or not an open item of the party); `total`: more than the credit has */
  kind: 'item' | 'total';
  index: number | null;
  message: string;
}

/** Oldest first: by due date (the document date without one), then document date, then number. */
export function byAge(a: OpenDebit, b: OpenDebit): number {
  const da = a.dueDate ?? a.docDate;
  const db = b.dueDate ?? b.docDate;
  return da < db ? -1 : da > db ? 1 : a.docDate < b.docDate ? -1 : a.docDate > b.docDate ? 1 : a.docNo.localeCompare(b.docNo);
}

/** 自动核销: spends `available` on the open items, oldest first, each up to what it has open. */
export function autoAllocate(available: DecimalInput, debits: OpenDebit[]): Array<{ itemId: string; amount: string }> {
  let left = money(available);
  const out: Array<{ itemId: string; amount: string }> = [];
  for (const d of [...debits].sort(byAge)) {
    if (!left.gt(0)) break;
    const open = dec(d.open);
    if (!open.gt(0)) continue;
    const take = Dec.min(open, left);
    out.push({ itemId: d.id, amount: take.toFixed(2) });
    left = left.minus(take);
  }
  return out;
}

/**
 * Checks explicit allocations: each to an open item of the party, at most once, positive, in cents,
 * never more than the item has open, and together never more than `available`.
 */
export function checkAllocations(available: DecimalInput, requests: AllocationRequest[], open: ReadonlyMap<string, DecimalInput>): AllocationProblem[] {
  const problems: AllocationProblem[] = [];
  const seen = new Set<string>();
  let total = dec(0);
  requests.forEach((r, index) => {
    const amount = dec(r.amount);
    if (!amount.gt(0) || amount.decimalPlaces() > 2) return problems.push({ kind: 'item', index, message: 'an amount > 0 with at most 2 decimals' });
    if (seen.has(r.itemId)) return problems.push({ kind: 'item', index, message: 'the same item twice' });
    seen.add(r.itemId);
    const has = open.get(r.itemId);
    if (has === undefined) return problems.push({ kind: 'item', index, message: 'not an open item of this party' });
    if (amount.gt(has)) return problems.push({ kind: 'item', index, message: `only ${dec(has).toFixed(2)} is still open on it` });
    total = total.plus(amount);
  });
  if (total.gt(available)) problems.push({ kind: 'total', index: null, message: `${total.toFixed(2)} allocated but only ${dec(available).toFixed(2)} is available` });
  return problems;
}
