import { Injectable } from '@nestjs/common';
import { queryRows, RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';

const SQL = sqlStatements(
  'pos.receipt',
  {
    storeName: 'SELECT name FROM org_unit WHERE id = $1',
    lockPrints: 'SELECT pg_advisory_xact_lock(hashtext($1))',
    printed: `SELECT 1 FROM audit_log WHERE entity_type = $1 AND entity_id = $2 AND action IN ('print', 'reprint') LIMIT 1`,
  },
  ['store'],
);

/** SQL of receipts: the store's name on the paper and whether a document was printed before. */
@Injectable()
export class PosReceiptRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  async storeName(ctx: RequestContext, storeId: string): Promise<string | null> {
    const [row] = await queryRows<{ name: string }>(this.connection.manager(ctx), SQL.storeName, [storeId]);
    return row?.name ?? null;
  }

  /** Serialises the prints of one document until the transaction ends, so two at once cannot both be "the first". */
  async lockPrints(tx: RequestContext, id: string): Promise<void> {
    await queryRows(this.connection.manager(tx), SQL.lockPrints, [`print:${id}`]);
  }

  /** Whether the audit trail holds a print or reprint of the document. */
  async printed(ctx: RequestContext, entityType: string, id: string): Promise<boolean> {
    return (await queryRows(this.connection.manager(ctx), SQL.printed, [entityType, id])).length > 0;
  }
}
