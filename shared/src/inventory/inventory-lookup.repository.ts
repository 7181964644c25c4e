import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import { queryRows } from '../common/sql';
import { sqlStatements } from '../common/sql-statements';
import { TransactionalConnection } from '../common/transactional-connection';

const SQL = sqlStatements('inventory.lookup', {
  batchManaged: `SELECT id, batch_managed FROM product WHERE id = ANY($1::uuid[])`,
  stockedProducts: `SELECT count(*)::int AS n FROM stock_balance WHERE warehouse_id = $1 AND qty <> 0`,
});

/** The reads stock documents and warehouses make of other tables (products' batch rule, a warehouse's stock). */
@Injectable()
export class InventoryLookupRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Of these ids, the products that exist, with their batch rule. */
  batchManaged(ctx: RequestContext, productIds: string[]): Promise<Array<{ id: string; batch_managed: boolean }>> {
    return queryRows(this.connection.manager(ctx), SQL.batchManaged, [productIds]);
  }

  /** How many products the warehouse holds a non-zero quantity of. */
  async stockedProducts(ctx: RequestContext, warehouseId: string): Promise<number> {
    return (await queryRows<{ n: number }>(this.connection.manager(ctx), SQL.stockedProducts, [warehouseId]))[0].n;
  }
}
