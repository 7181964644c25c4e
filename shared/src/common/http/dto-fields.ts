import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { moneyPattern, qtyPattern } from '../validation/fields';
import { IsPlainText } from '../text';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, Min, ValidateNested } from 'class-validator';

/**
 * Several property decorators as one, applied exactly as if they were written stacked above the
 * property in this order (the last one first, as TypeScript applies them). Validation metadata
 * keeps its order, so a field's error messages come out in the same order as when written out.
 */
export const StackedDecorators = (...decorators: PropertyDecorator[]): PropertyDecorator => applyDecorators(...[...decorators].reverse());

/** An optional UUID (`format: uuid`). */
export const OptionalUuidField = (description?: string) =>
  StackedDecorators(ApiPropertyOptional(description === undefined ? { format: 'uuid' } : { format: 'uuid', description }), IsOptional(), IsUUID());

/** An optional value out of a fixed list (a status or kind filter). */
export const OptionalEnumField = (values: readonly string[], description?: string) =>
  StackedDecorators(ApiPropertyOptional(description === undefined ? { enum: values } : { enum: values, description }), IsOptional(), IsIn(values as string[]));

/** Optimistic lock on updates: the row version the client read (a stale one gets 409 VERSION_CONFLICT). */
export const ExpectedVersionField = (description = 'row version last read; a stale one gets 409 VERSION_CONFLICT') =>
  StackedDecorators(ApiPropertyOptional({ description }), IsOptional(), IsInt(), Min(1));

/** Decimals travel as strings ("12.5"); a plain JSON number is accepted and read as its text. */
export const NumberAsText = () => Transform(({ value }) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value));

const DECIMAL_PATTERNS = {
  /** money > 0, cents (the one meaning of money: validation/fields.ts) */
  money: [moneyPattern('positive'), 'must be an amount > 0 with at most 2 decimals, like "12.50"'],
  /** money ≥ 0 */
  moneyOrZero: [moneyPattern('zeroOrMore'), 'must be an amount ≥ 0 with at most 2 decimals'],
  /** quantity > 0, 3 decimals */
  qty: [qtyPattern('positive'), 'must be a positive quantity with at most 3 decimals'],
  /** unit price ≥ 0, 4 decimals */
  price: [/^\d{1,9}(\.\d{1,4})?$/, 'must be a price ≥ 0 with at most 4 decimals'],
  /** percent 0–100 */
  percent: [/^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/, 'must be a percentage 0–100 with at most 2 decimals'],
} as const;

/** A decimal sent as text (money, quantity, price, percent), required or optional. */
export const DecimalTextField = (kind: keyof typeof DECIMAL_PATTERNS, options: { example: string; description: string; optional?: boolean }) =>
  StackedDecorators(
    options.optional
      ? ApiPropertyOptional({ type: String, example: options.example, description: options.description })
      : ApiProperty({ type: String, example: options.example, description: options.description }),
    ...(options.optional ? [IsOptional()] : []),
    NumberAsText(),
    IsString({ message: `${DECIMAL_PATTERNS[kind][1]}` }),
    Matches(DECIMAL_PATTERNS[kind][0], { message: DECIMAL_PATTERNS[kind][1] }),
  );

/** A calendar day YYYY-MM-DD (checked as a real date by the service). */
export const DateOnlyField = (options: { example: string; description: string; optional?: boolean }) =>
  StackedDecorators(
    options.optional
      ? ApiPropertyOptional({ example: options.example, description: options.description, format: 'date' })
      : ApiProperty({ example: options.example, description: options.description, format: 'date' }),
    ...(options.optional ? [IsOptional()] : []),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be YYYY-MM-DD' }),
  );

/**
 * Free text up to `max` characters; `required` ones must not be blank. Control characters are
 * refused (`IsPlainText`); `multiline` (notes, remarks) lets tab and line breaks through.
 */
export const TextField = (max: number, options: { description?: string; required?: boolean; multiline?: boolean } = {}) =>
  StackedDecorators(
    options.required ? ApiProperty({ maxLength: max, description: options.description }) : ApiPropertyOptional({ maxLength: max, description: options.description }),
    ...(options.required ? [] : [IsOptional()]),
    IsString(),
    options.required ? Length(1, max) : MaxLength(max),
    ...(options.required ? [Matches(/\S/, { message: 'must not be blank' })] : []),
    IsPlainText({ multiline: options.multiline }),
  );

/** A retry key: the same key gets the first answer back instead of a second document. */
export const IdempotencyKeyField = (description = 'a retry with the same key returns the first result instead of writing twice') =>
  StackedDecorators(
    ApiPropertyOptional({ description, example: 'b7e1c2d4-pay-0001' }),
    IsOptional(),
    IsString(),
    Matches(/^[A-Za-z0-9._:-]{8,64}$/, { message: 'must be 8–64 characters of A-Z a-z 0-9 . _ : -' }),
  );

/** Up to `max` nested objects, each validated as `type`. */
export const NestedArrayField = (type: new () => object, options: { description: string; optional?: boolean; min?: number; max?: number }) =>
  StackedDecorators(
    options.optional ? ApiPropertyOptional({ type: [type], description: options.description }) : ApiProperty({ type: [type], description: options.description }),
    ...(options.optional ? [IsOptional()] : []),
    IsArray(),
    ...(options.min ? [ArrayMinSize(options.min)] : []),
    ArrayMaxSize(options.max ?? 1000),
    ValidateNested({ each: true }),
    Type(() => type),
  );
