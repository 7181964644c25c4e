import { Injectable } from '@nestjs/common';
import { queryRows, type RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';

const SQL = sqlStatements(
  'transfer.store-setup',
  {
    link: `SELECT hq_url, store_code, store_id, warehouse_code, key FROM transfer_settings WHERE id = 1`,
    insert: `INSERT INTO transfer_settings (id, hq_url, store_code, store_id, warehouse_code, key_salt, key, initialised_at) VALUES (1, $1, $2, $3, $4, $5, $6, now()) ON CONFLICT DO NOTHING RETURNING id`,
    changeKey: `UPDATE transfer_settings SET key = $1, key_salt = $2, updated_at = now() WHERE id = 1`,
    forgetSettings: `DELETE FROM transfer_settings`,
    forgetStreams: `DELETE FROM transfer_stream_state`,
    forgetSnapshot: `DELETE FROM transfer_snapshot_seen`,
  },
  ['store'],
);

/** The store's link to HQ as transfer_settings holds it. */
export interface StoreLinkRow {
  hq_url: string;
  store_code: string;
  store_id: string;
  warehouse_code: string;
  key: Buffer;
}

/** What setting the store up writes: HQ's address, the store it is, its warehouse and the derived key. */
export interface NewStoreLink {
  hqUrl: string;
  storeCode: string;
  storeId: string;
  warehouseCode: string;
  keySalt: string;
  key: Buffer;
}

/** The SQL of the store's setup (StoreSetupService): its one transfer_settings row and forgetting the sync position. */
@Injectable()
export class StoreSetupRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  async link(ctx: RequestContext): Promise<StoreLinkRow | undefined> {
    const [row] = await queryRows<StoreLinkRow>(this.connection.manager(ctx), SQL.link);
    return row;
  }

  /** false: the store was set up already (the one row exists). */
  async insert(ctx: RequestContext, l: NewStoreLink): Promise<boolean> {
    const inserted = await queryRows<{ id: number }>(this.connection.manager(ctx), SQL.insert, [l.hqUrl, l.storeCode, l.storeId, l.warehouseCode, l.keySalt, l.key]);
    return inserted.length > 0;
  }

  async changeKey(ctx: RequestContext, key: Buffer, salt: string): Promise<void> {
    await this.connection.manager(ctx).query(SQL.changeKey, [key, salt]);
  }

  /** The link, the streams' positions and a snapshot's marks go; data and unsent records stay. */
  async forget(ctx: RequestContext): Promise<void> {
    const m = this.connection.manager(ctx);
    await m.query(SQL.forgetSettings);
    await m.query(SQL.forgetStreams);
    await m.query(SQL.forgetSnapshot);
  }
}
