import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CommonError, DomainException } from './errors';
import { dec } from './money';

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

  // each list's route documents its own keys (`@ApiSort(spec)`: an enum); repeated `sort=` join like commas
  @ApiPropertyOptional({ description: 'field name, `-` prefix for descending, comma separated, e.g. `-createdAt,code`' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.join(',') : value))
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
 * A list's sort keys — the API name of each with the SQL column (or output column) it orders by —
 * and the order when the query names none. Declared once per list, beside the query that uses it:
 * the service orders by it (`paginate`, `applySort`, `orderBy`), the route documents its keys as
 * the `sort` enum (`@ApiSort(spec)`), and anything else in `sort` is a 400 naming what is allowed.
 */
export interface SortSpec<K extends string = string> {
  readonly columns: Readonly<Record<K, string>>;
  readonly defaultSort: string;
}

export function defineSort<const K extends string>(columns: Record<K, string>, defaultSort: string): SortSpec<K> {
  sortTerms(defaultSort, columns); // a default naming an unknown key fails when the module loads
  return Object.freeze({ columns: Object.freeze({ ...columns }), defaultSort });
}

/** The values `sort`'s terms may take: each key, ascending and with `-` descending. */
export function sortValues(...specs: SortSpec[]): string[] {
  const keys = [...new Set(specs.flatMap((s) => Object.keys(s.columns)))];
  return keys.flatMap((k) => [k, `-${k}`]);
}

/** Applies page/pageSize/sort (the list's `SortSpec`) to a query builder. */
export async function paginate<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: PageQueryDto, spec: SortSpec): Promise<Page<T>> {
  applySort(qb, query.sort, spec);
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
export function sortTerms(sort: string, sortable: Readonly<Record<string, string>>): Array<{ column: string; desc: boolean }> {
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

/** The ORDER BY terms of `sort` (or the spec's default) as SQL, nulls where PostgreSQL puts them (as `applySort`'s). */
export function orderTerms(sort: string | undefined, spec: SortSpec): string {
  return sortTerms(sort ?? spec.defaultSort, spec.columns)
    .map(({ column, desc }) => `${column} ${desc ? 'DESC' : 'ASC'}`)
    .join(', ');
}

/** A page's LIMIT and OFFSET as statement parameters (`LIMIT $n OFFSET $n+1`: one text for every page). */
export function pageParams(query: PageQueryDto): [number, number] {
  const pageSize = query.pageSize ?? 50;
  return [pageSize, ((query.page ?? 1) - 1) * pageSize];
}

/** ORDER BY `sort` (or the spec's default) on a query builder. */
export function applySort<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, sort: string | undefined, spec: SortSpec): void {
  sortTerms(sort ?? spec.defaultSort, spec.columns).forEach(({ column, desc }, i) => {
    if (i === 0) qb.orderBy(column, desc ? 'DESC' : 'ASC');
    else qb.addOrderBy(column, desc ? 'DESC' : 'ASC');
  });
}

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** Orders rows built in memory by `sort` (or the spec's default); the spec's columns name the rows' fields. Decimal text compares as a number, nulls last. */
export function sortRows<T extends object>(rows: T[], sort: string | undefined, spec: SortSpec): T[] {
  const terms = sortTerms(sort ?? spec.defaultSort, spec.columns);
  const compare = (a: unknown, b: unknown): number => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'string' && typeof b === 'string' && DECIMAL_TEXT.test(a) && DECIMAL_TEXT.test(b)) return dec(a).comparedTo(b);
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  };
  return [...rows].sort((x, y) => {
    for (const { column, desc } of terms) {
      const a = (x as Record<string, unknown>)[column];
      const b = (y as Record<string, unknown>)[column];
      if (a === null || a === undefined || b === null || b === undefined) {
        if ((a === null || a === undefined) && (b === null || b === undefined)) continue;
        return a === null || a === undefined ? 1 : -1;
      }
      const c = compare(a, b);
      if (c) return desc ? -c : c;
    }
    return 0;
  });
}
