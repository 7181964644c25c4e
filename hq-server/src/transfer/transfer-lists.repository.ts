import { Injectable } from '@nestjs/common';
import {
  defineSort,
  escapeLike,
  orderTerms,
  type Page,
  pageParams,
  type PageQueryDto,
  queryRows,
  type RequestContext,
  type SortSpec,
  sqlStatements,
  TransactionalConnection,
} from '@chain-erp/shared';
import type { StoreEvent, TransferConflict, TransferInbox, TransferSourceFailure } from './hq-transfer.entity';

/*
 * The list pages of 门店传输管理: sources, stores, a store's events, failed records and conflicts.
 * Each list is two statements — its count and its page — whose filters are parameters (null: not
 * filtered) and whose ORDER BY is the sort asked for: the page's text is declared once per sort key
 * (the statement check prepares every column a sort can name). Rows keep the entities' property
 * names and types (timestamps as Date, jsonb parsed), as the query builders answered them.
 */

export const SOURCE_FAILURE_SORT = defineSort(
  { lastFailedAt: 'f.last_failed_at', totalFailures: 'f.total_failures', source: 'f.source', storeCode: 'f.store_code', lockedUntil: 'f.locked_until' },
  '-lastFailedAt',
);
export const TRANSFER_STORE_SORT = defineSort({ code: 'o.code', name: 'o.name', lastContactAt: 't.last_contact_at' }, 'code');
export const STORE_EVENT_SORT = defineSort({ occurredAt: 'e.occurred_at', receivedAt: 'e.received_at' }, '-occurredAt');
export const INBOX_RECORD_SORT = defineSort({ receivedAt: 'i.received_at', stream: 'i.stream', attempts: 'i.attempts' }, '-receivedAt');
export const CONFLICT_SORT = defineSort({ receivedAt: 'c.received_at', stream: 'c.stream' }, '-receivedAt');

/** One list: what it selects from where (filters as parameters from $1), its sort; the page's LIMIT/OFFSET follow the filters. */
interface ListText {
  select: string;
  from: string;
  where: string;
  /** how many filter parameters `where` takes */
  filters: number;
  sort: SortSpec;
}

const SOURCE_COLUMNS = `f.source, f.store_code AS "storeCode", f.failures, f.total_failures AS "totalFailures", f.lock_count AS "lockCount", f.first_failed_at AS "firstFailedAt",
  f.last_failed_at AS "lastFailedAt", f.locked_until AS "lockedUntil", f.last_reason AS "lastReason"`;

const LISTS = {
  // $1 store code, $2 source, $3 locked now only
  sources: {
    select: SOURCE_COLUMNS,
    from: 'transfer_source_failure f',
    where: `($1::text IS NULL OR f.store_code = $1) AND ($2::text IS NULL OR f.source = $2) AND (NOT $3::boolean OR f.locked_until > now())`,
    filters: 3,
    sort: SOURCE_FAILURE_SORT,
  },
  // $1 a LIKE pattern over code and name, $2 transfer status
  stores: {
    select: 'o.id',
    from: 'org_unit o JOIN store_transfer t ON t.store_id = o.id',
    where: `o.kind = 'store' AND ($1::text IS NULL OR o.code ILIKE $1 OR o.name ILIKE $1) AND ($2::text IS NULL OR t.status = $2)`,
    filters: 2,
    sort: TRANSFER_STORE_SORT,
  },
  // $1 store, $2 level
  events: {
    select: `e.id, e.store_id AS "storeId", e.occurred_at AS "occurredAt", e.level, e.kind, e.message, e.data, e.received_at AS "receivedAt"`,
    from: 'store_event e',
    where: `e.store_id = $1 AND ($2::text IS NULL OR e.level = $2)`,
    filters: 2,
    sort: STORE_EVENT_SORT,
  },
  // $1 store, $2 status, $3 stream
  records: {
    select: `i.id, i.store_id AS "storeId", i.stream, i.body, i.body_hash AS "bodyHash", i.store_seq AS "storeSeq", i.status, i.attempts, i.error,
      i.received_at AS "receivedAt", i.processed_at AS "processedAt"`,
    from: 'transfer_inbox i',
    where: `i.store_id = $1 AND i.status = $2 AND ($3::text IS NULL OR i.stream = $3)`,
    filters: 3,
    sort: INBOX_RECORD_SORT,
  },
  conflicts: {
    select: `c.id, c.record_id AS "recordId", c.store_id AS "storeId", c.stream, c.body, c.body_hash AS "bodyHash", c.status, c.error, c.received_at AS "receivedAt",
      c.resolved_at AS "resolvedAt"`,
    from: 'transfer_conflict c',
    where: `c.store_id = $1 AND c.status = $2 AND ($3::text IS NULL OR c.stream = $3)`,
    filters: 3,
    sort: CONFLICT_SORT,
  },
} satisfies Record<string, ListText>;

type ListName = keyof typeof LISTS;

const countSql = (l: ListText) => `SELECT count(*)::int AS n FROM ${l.from} WHERE ${l.where}`;
const pageSql = (l: ListText, order: string) => `SELECT ${l.select} FROM ${l.from} WHERE ${l.where} ORDER BY ${order} LIMIT $${l.filters + 1} OFFSET $${l.filters + 2}`;

// each list's count, and its page in every sort key (ascending; descending differs by a keyword)
sqlStatements(
  'transfer.lists',
  () =>
    Object.fromEntries(
      Object.entries(LISTS).flatMap(([name, l]: [string, ListText]): Array<[string, string]> => [
        [`${name}.count`, countSql(l)],
        ...Object.keys(l.sort.columns).map((key): [string, string] => [`${name}.page.${key}`, pageSql(l, orderTerms(key, l.sort))]),
      ]),
    ),
  ['hq'],
);

const SQL = sqlStatements(
  'transfer.list-lookups',
  { recentFailures: `SELECT ${SOURCE_COLUMNS} FROM transfer_source_failure f WHERE f.store_code = $1 ORDER BY f.last_failed_at DESC LIMIT $2` },
  ['hq'],
);

/** A source's failure counters (transfer_source_failure) as the list reads them. */
export type SourceFailureRow = Pick<
  TransferSourceFailure,
  'source' | 'storeCode' | 'failures' | 'totalFailures' | 'lockCount' | 'firstFailedAt' | 'lastFailedAt' | 'lockedUntil' | 'lastReason'
>;

/** The SQL of 门店传输管理's lists (StoreTransferService, InboxRecordsService, TransferConflictsService). */
@Injectable()
export class TransferListsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  private async page<T>(ctx: RequestContext, name: ListName, filters: unknown[], q: PageQueryDto): Promise<Page<T>> {
    const l: ListText = LISTS[name];
    const m = this.connection.manager(ctx);
    const [{ n }] = await queryRows<{ n: number }>(m, countSql(l), filters);
    const items = await queryRows<T>(m, pageSql(l, orderTerms(q.sort, l.sort)), [...filters, ...pageParams(q)]);
    return { items, total: n };
  }

  /** Failed signatures per source; null filters: any. */
  sources(ctx: RequestContext, f: { storeCode?: string; source?: string; lockedOnly?: boolean }, q: PageQueryDto): Promise<Page<SourceFailureRow>> {
    return this.page(ctx, 'sources', [f.storeCode ?? null, f.source ?? null, !!f.lockedOnly], q);
  }

  /** The latest failures of sources claiming a store's code. */
  recentFailures(ctx: RequestContext, storeCode: string, n: number): Promise<SourceFailureRow[]> {
    return queryRows<SourceFailureRow>(this.connection.manager(ctx), SQL.recentFailures, [storeCode, n]);
  }

  /** The ids of the stores opened with the wizard on the page (`search`: code or name contains). */
  async storeIds(ctx: RequestContext, f: { search?: string; status?: string }, q: PageQueryDto): Promise<Page<string>> {
    const like = f.search ? `%${escapeLike(f.search)}%` : null;
    const page = await this.page<{ id: string }>(ctx, 'stores', [like, f.status ?? null], q);
    return { items: page.items.map((r) => r.id), total: page.total };
  }

  events(ctx: RequestContext, storeId: string, level: string | undefined, q: PageQueryDto): Promise<Page<StoreEvent>> {
    return this.page(ctx, 'events', [storeId, level ?? null], q);
  }

  records(ctx: RequestContext, storeId: string, status: string, stream: string | undefined, q: PageQueryDto): Promise<Page<TransferInbox>> {
    return this.page(ctx, 'records', [storeId, status, stream ?? null], q);
  }

  conflicts(ctx: RequestContext, storeId: string, status: string, stream: string | undefined, q: PageQueryDto): Promise<Page<TransferConflict>> {
    return this.page(ctx, 'conflicts', [storeId, status, stream ?? null], q);
  }
}
