import { type EntityManager } from 'typeorm';
import { dec } from '../common/money';
import { queryRows } from '../common/sql';
import { sqlStatements } from '../common/sql-statements';
import type { ShipmentSettlementView } from './shipment-settlements';

// transfer_settlement is HQ's table and the store's replica of it: the statement runs on both schemas
const SQL = sqlStatements('replenishment.shipment-settlements', {
  settlements: `SELECT kind, treatment, stock_reason AS "stockReason", product_id AS "productId", quantity::text, amount::text
       FROM transfer_settlement WHERE shipment_id = $1 ORDER BY kind, product_id`,
});

/** The settlements of one shipment: HQ's own rows, or the store's replica of them. */
export async function shipmentSettlements(m: EntityManager, shipmentId: string): Promise<ShipmentSettlementView[]> {
  const rows = await queryRows<ShipmentSettlementView>(m, SQL.settlements, [shipmentId]);
  return rows.map((r) => ({ ...r, quantity: dec(r.quantity).toString(), amount: dec(r.amount).toString() }));
}
