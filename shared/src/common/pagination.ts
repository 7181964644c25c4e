import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CommonError, DomainException } from './errors';

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize?: number = 50;

  @ApiPropertyOptional({ description: 'field name, `-` prefix for descending, comma separated, e.g. `-createdAt,code`' })
  @IsOptional()
  @Matches(/^-?[a-zA-Z][a-zA-Z0-9]{0,40}(,-?[a-zA-Z][a-zA-Z0-9]{0,40}){0,4}$/, { message: 'sort must look like `-createdAt,code`' })
  sort?: string;
}

/** A page of a log (audit trail, operation log): one org unit (HQ; a store sees its own) and a period. */
export class LogPageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'HQ: entries of one org unit; a store user always sees only its own' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'from (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'to (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * Applies page/pageSize/sort to a query builder. `sortable` maps API field names to SQL columns;
 * anything else in `sort` is a 400, so clients cannot sort by arbitrary expressions.
 */
export async function paginate<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: PageQueryDto, sortable: Record<string, string>, defaultSort: string): Promise<Page<T>> {
  applySort(qb, query.sort ?? defaultSort, sortable);
  const pageSize = query.pageSize ?? 50;
  const page = query.page ?? 1;
  qb.skip((page - 1) * pageSize).take(pageSize);
  const [items, total] = await qb.getManyAndCount();
  return { items, total };
}

/**
 * The ORDER BY terms of `sort` (API names, `-` for descending, comma separated) from a list's
 * whitelist. Only the whitelist's own keys count: `constructor` or `toString` are inherited by every
 * object and once put a function's source into ORDER BY. Anything else is a 400 naming what is allowed.
 */
export function sortTerms(sort: string, sortable: Record<string, string>): Array<{ column: string; desc: boolean }> {
  return sort.split(',').map((part) => {
    const desc = part.startsWith('-');
    const field = desc ? part.slice(1) : part;
    const column = Object.hasOwn(sortable, field) ? sortable[field] : undefined;
    if (typeof column !== 'string' || !column) {
      throw new DomainException(CommonError.VALIDATION_FAILED, `cannot sort by ${field.slice(0, 60)} / 不能按此字段排序`, [
        { field: 'sort', message: `allowed: ${Object.keys(sortable).join(', ')}` },
      ]);
    }
    return { column, desc };
  });
}

export function applySort<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, sort: string, sortable: Record<string, string>): void {
  sortTerms(sort, sortable).forEach(({ column, desc }, i) => {
    if (i === 0) qb.orderBy(column, desc ? 'DESC' : 'ASC');
    else qb.addOrderBy(column, desc ? 'DESC' : 'ASC');
  });
}
