import { Injectable } from '@nestjs/common';
import { queryRows, type RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';

const SQL = sqlStatements(
  'transfer.push-records',
  {
    storeEvent: `INSERT INTO store_event (id, store_id, occurred_at, level, kind, message, data) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
    storeEvents: `INSERT INTO store_event (id, store_id, occurred_at, level, kind, message, data)
           SELECT r.id, r.store_id, r.occurred_at, r.level, r.kind, r.message, r.data
             FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, store_id uuid, occurred_at timestamptz, level varchar, kind varchar, message varchar, data jsonb)
           ON CONFLICT (id) DO NOTHING`,
    transferStores: `SELECT store_id AS id FROM store_transfer`,
  },
  ['hq'],
);

/** A 门店日志 event as store_event keeps it. */
export interface StoreEventRow {
  id: string;
  store_id: string;
  occurred_at: string;
  level: string;
  kind: string;
  message: string;
  data: Record<string, unknown>;
}

/** The SQL of HQ's push handlers that keep what stores send as it is (门店日志) and know which stores have a server of their own. */
@Injectable()
export class PushRecordsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Keeps an event once (a resend changes nothing). */
  async storeEvent(ctx: RequestContext, e: StoreEventRow): Promise<void> {
    await queryRows(this.connection.manager(ctx), SQL.storeEvent, [e.id, e.store_id, e.occurred_at, e.level, e.kind, e.message, e.data]);
  }

  /** The same for many in one statement (an offline store's backlog arrives in thousands). */
  async storeEvents(ctx: RequestContext, rows: StoreEventRow[]): Promise<void> {
    await this.connection.manager(ctx).query(SQL.storeEvents, [JSON.stringify(rows)]);
  }

  /** Stores with a transfer channel (their own store server). */
  async transferStores(ctx: RequestContext): Promise<string[]> {
    return (await queryRows<{ id: string }>(this.connection.manager(ctx), SQL.transferStores)).map((r) => r.id);
  }
}
