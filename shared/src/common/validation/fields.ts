import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, registerDecorator } from 'class-validator';

/**
 * Field decorators with ONE meaning per kind of value (docs/CONVENTIONS.md "Field kinds"). Every
 * DTO field holding money, a quantity, a calendar day or a code uses these instead of its own regex,
 * so "an amount" accepts the same texts everywhere:
 *
 * | kind     | text                               | integer digits | decimals | sign (option `sign`)                       |
 * |----------|------------------------------------|----------------|----------|--------------------------------------------|
 * | money    | "12.50", a JSON number read as text | ≤ 13           | ≤ 2      | positive (default), zeroOrMore, nonZero (±) |
 * | quantity | "1.5"                              | ≤ 9            | ≤ 3      | positive (default), zeroOrMore, nonZero (±) |
 * | date     | "2026-11-23", a real calendar day   |                |          |                                            |
 * | code     | "P-001": A-Z a-z 0-9 _ . -, starting with a letter or digit, 1–max characters |   |   |   |
 *
 * Why these widths: money columns are numeric(18,2) and quantities numeric(18,3); one entered
 * amount of at most 13 digits (and a quantity of at most 9) leaves room for a document's total of
 * thousands of lines within the column, so a total never overflows into a 5xx.
 */
export type Sign = 'positive' | 'zeroOrMore' | 'nonZero';

const SIGN_WORDS: Record<Sign, string> = { positive: '> 0', zeroOrMore: '≥ 0', nonZero: '≠ 0 (negative with a leading -)' };

/** The pattern of a decimal text with at most `digits` integer digits and `scale` decimals. */
export function decimalPattern(digits: number, scale: number, sign: Sign): RegExp {
  const body = `\\d{1,${digits}}(\\.\\d{1,${scale}})?`;
  const notZero = '(?!0+(\\.0+)?$)';
  if (sign === 'zeroOrMore') return new RegExp(`^${body}$`);
  if (sign === 'positive') return new RegExp(`^${notZero}${body}$`);
  return new RegExp(`^(?!-?0+(\\.0+)?$)-?${body}$`);
}

export const MONEY_DIGITS = 13;
export const MONEY_SCALE = 2;
export const QTY_DIGITS = 9;
export const QTY_SCALE = 3;

export const moneyPattern = (sign: Sign = 'positive') => decimalPattern(MONEY_DIGITS, MONEY_SCALE, sign);
export const qtyPattern = (sign: Sign = 'positive') => decimalPattern(QTY_DIGITS, QTY_SCALE, sign);

// as if written stacked in this order (the first on top); kept here so this file imports no DTO helper
const stacked = (...decorators: PropertyDecorator[]): PropertyDecorator => applyDecorators(...[...decorators].reverse());
const numberAsText = () => Transform(({ value }: { value: unknown }) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value));

export interface FieldOptions {
  description?: string;
  example?: string;
  optional?: boolean;
  /** documents that null is accepted (optional fields accept null and absence alike) */
  nullable?: boolean;
}

const api = (o: FieldOptions, extra: Record<string, unknown>) => {
  const meta = {
    ...extra,
    ...(o.example === undefined ? {} : { example: o.example }),
    ...(o.description === undefined ? {} : { description: o.description }),
    ...(o.nullable ? { nullable: true } : {}),
  };
  return o.optional ? ApiPropertyOptional(meta) : ApiProperty(meta);
};

// optional: absent or null skips the checks (as IsOptional everywhere before)
const optional = (o: FieldOptions) => (o.optional ? [IsOptional()] : []);

function decimalField(pattern: RegExp, message: string, o: FieldOptions) {
  return stacked(api(o, { type: String }), ...optional(o), numberAsText(), IsString({ message }), Matches(pattern, { message }));
}

/** An amount of money as text (see the table above). */
export const MoneyField = (o: FieldOptions & { sign?: Sign } = {}) =>
  decimalField(moneyPattern(o.sign), `must be an amount ${SIGN_WORDS[o.sign ?? 'positive']} with at most ${MONEY_DIGITS} digits and ${MONEY_SCALE} decimals, like "12.50"`, {
    example: '12.50',
    ...o,
  });

/** A quantity as text (see the table above). */
export const QtyField = (o: FieldOptions & { sign?: Sign } = {}) =>
  decimalField(qtyPattern(o.sign), `must be a quantity ${SIGN_WORDS[o.sign ?? 'positive']} with at most ${QTY_DIGITS} digits and ${QTY_SCALE} decimals`, { example: '1', ...o });

/** True for `YYYY-MM-DD` naming a day that exists (no 2026-02-30). */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const IsCalendarDay = (): PropertyDecorator => (target, propertyName) =>
  registerDecorator({
    name: 'isCalendarDay',
    target: target.constructor,
    propertyName: propertyName as string,
    options: { message: 'must be a real day as YYYY-MM-DD' },
    validator: { validate: (v: unknown) => isCalendarDay(v) },
  });

/** A calendar day `YYYY-MM-DD` that exists. */
export const DateField = (o: FieldOptions = {}) => stacked(api(o, { format: 'date', example: '2026-11-23' }), ...optional(o), IsCalendarDay());

export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A code (product, supplier, warehouse, role …): letters, digits, `_ . -`, starting with a letter or digit, at most `max` characters. */
export const CodeField = (max: number, o: FieldOptions = {}) =>
  stacked(
    api(o, { maxLength: max, example: 'P-001' }),
    ...optional(o),
    IsString(),
    MaxLength(max),
    Matches(CODE_PATTERN, { message: 'must be letters, digits, _ . - (starting with a letter or digit)' }),
  );
