import Decimal from 'decimal.js';
import { type ValueTransformer } from 'typeorm';

/**
 * Money and quantities are exact: PostgreSQL `numeric` in the database, decimal.js in TypeScript,
 * strings on the wire ("12.50"). Never binary floating point.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

export type DecimalInput = Decimal.Value;

export function dec(v: DecimalInput | null | undefined): Decimal {
  return new Dec(v ?? 0);
}

/** Money to 2 places, half-up (the cashier's rounding). */
export function money(v: DecimalInput): Decimal {
  return new Dec(v).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Quantities to 3 places (weighed goods). */
export function qty(v: DecimalInput): Decimal {
  return new Dec(v).toDecimalPlaces(3, Decimal.ROUND_HALF_UP);
}

export function sum(values: Iterable<DecimalInput>): Decimal {
  let total = new Dec(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/** Column transformer: numeric ⇄ string, normalised so "1.500" and "1.5" compare equal. */
export const decimalTransformer: ValueTransformer = {
  to: (value: unknown) => (value === null || value === undefined ? value : new Dec(value as Decimal.Value).toString()),
  from: (value: unknown) => (value === null || value === undefined ? value : new Dec(value as string).toString()),
};

/**
 * Rows read with raw SQL (`numeric::text`) as the API shows decimals — "12.5", never "12.500" —
 * the way decimalTransformer shows entity columns: the named fields of each row, nulls kept. A
 * mapping (new rows), typed by the fields it touches, instead of a loop per service.
 */
export function decimalTexts<T extends object>(rows: readonly T[], keys: readonly (keyof T & string)[]): T[] {
  return rows.map((row) => {
    const out = { ...row } as Record<string, unknown>;
    for (const k of keys) if (out[k] !== null && out[k] !== undefined) out[k] = new Dec(out[k] as Decimal.Value).toString();
    return out as T;
  });
}

/** TypeORM column options for money (numeric(18,2)) and quantity (numeric(18,3)) and cost (numeric(18,6)). */
export const MONEY_COLUMN = { type: 'numeric', precision: 18, scale: 2, transformer: decimalTransformer } as const;
export const QTY_COLUMN = { type: 'numeric', precision: 18, scale: 3, transformer: decimalTransformer } as const;
export const COST_COLUMN = { type: 'numeric', precision: 20, scale: 6, transformer: decimalTransformer } as const;
