import { type EntityManager } from 'typeorm';
import { dec } from '../common/money';
import { queryRows } from '../common/sql';

/** HQ's settlement of a shipment's variances, as both servers show it with the shipment (调拨出库 → 差异结算). */
export interface ShipmentSettlementView {
  kind: string;
  treatment: string;
  stockReason: string | null;
  productId: string;
  quantity: string;
  amount: string;
}

/** The settlements of one shipment: HQ's own rows, or the store's replica of them. */
export async function shipmentSettlements(m: EntityManager, shipmentId: string): Promise<ShipmentSettlementView[]> {
  const rows = await queryRows<ShipmentSettlementView>(
    m,
    `SELECT kind, treatment, stock_reason AS "stockReason", product_id AS "productId", quantity::text, amount::text
       FROM transfer_settlement WHERE shipment_id = $1 ORDER BY kind, product_id`,
    [shipmentId],
  );
  return rows.map((r) => ({ ...r, quantity: dec(r.quantity).toString(), amount: dec(r.amount).toString() }));
}
