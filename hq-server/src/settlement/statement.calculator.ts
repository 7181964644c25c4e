import { type Dec, dec, type DecimalInput } from '@chain-erp/shared';

export interface StatementLine<T> {
  item: T;
  debit: Dec;
  credit: Dec;
  /** running balance after the line */
  balance: Dec;
}

export interface StatementFigures<T> {
  opening: Dec;
  lines: StatementLine<T>[];
  debitTotal: Dec;
  creditTotal: Dec;
  closing: Dec;
}

/**
 * 对账单: opening balance, each item as a debit (it raised the balance) or a credit, the running
 * balance, and the closing balance = opening + debits − credits.
 */
export function buildStatement<T extends { amount: DecimalInput }>(opening: DecimalInput, items: T[]): StatementFigures<T> {
  let balance = dec(opening);
  let debitTotal = dec(0);
  let creditTotal = dec(0);
  const lines = items.map((item) => {
    const a = dec(item.amount);
    const debit = a.gt(0) ? a : dec(0);
    const credit = a.lt(0) ? a.neg() : dec(0);
    debitTotal = debitTotal.plus(debit);
    creditTotal = creditTotal.plus(credit);
    balance = balance.plus(a);
    return { item, debit, credit, balance };
  });
  return { opening: dec(opening), lines, debitTotal, creditTotal, closing: balance };
}
