import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Min } from 'class-validator';

/**
 * Several property decorators as one, applied exactly as if they were written stacked above the
 * property in this order (the last one first, as TypeScript applies them). Validation metadata
 * keeps its order, so a field's error messages come out in the same order as when written out.
 */
export const StackedDecorators = (...decorators: PropertyDecorator[]): PropertyDecorator =>
  applyDecorators(...[...decorators].reverse()) as PropertyDecorator;

/** An optional UUID (`format: uuid`). */
export const OptionalUuidField = (description?: string) =>
  StackedDecorators(ApiPropertyOptional(description === undefined ? { format: 'uuid' } : { format: 'uuid', description }), IsOptional(), IsUUID());

/** An optional value out of a fixed list (a status or kind filter). */
export const OptionalEnumField = (values: readonly string[], description?: string) =>
  StackedDecorators(ApiPropertyOptional(description === undefined ? { enum: values } : { enum: values, description }), IsOptional(), IsIn(values as string[]));

/** Optimistic lock on updates: the row version the client read (a stale one gets 409 VERSION_CONFLICT). */
export const ExpectedVersionField = (description = 'row version last read; a stale one gets 409 VERSION_CONFLICT') =>
  StackedDecorators(ApiPropertyOptional({ description }), IsOptional(), IsInt(), Min(1));
