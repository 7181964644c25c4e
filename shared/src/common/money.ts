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
 * SQL of a numeric as the API shows it, so an answer's rows come out of the query as they are sent:
 * money with two decimals ("12.50", "0.00"); a quantity, price or rate without trailing zeros
 * ("1.5", "0") — the way decimalTransformer shows entity columns.
 */
export const moneyText = (expr: string) => `round(${expr}, 2)::text`;
export const qtyText = (expr: string) => `trim_scale(${expr})::text`;

/** TypeORM column options for money (numeric(18,2)) and quantity (numeric(18,3)) and cost (numeric(18,6)). */
export const MONEY_COLUMN = { type: 'numeric', precision: 18, scale: 2, transformer: decimalTransformer } as const;
export const QTY_COLUMN = { type: 'numeric', precision: 18, scale: 3, transformer: decimalTransformer } as const;
export const COST_COLUMN = { type: 'numeric', precision: 20, scale: 6, transformer: decimalTransformer } as const;
