import { Injectable } from '@nestjs/common';
import { qtyText, queryRows, type RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';
import type { TransferShipmentLineRow } from './replenishment.responses';

const SQL = sqlStatements(
  'replenishment.hq',
  {
    // 缺货分配
    claims: `SELECT l.id AS line_id, a.id AS request_id, a.request_no, a.store_id, o.code AS store_code, l.product_id, p.code AS product_code, p.name AS product_name,
              coalesce(u.code, u.name) AS unit, l.requested_qty::text AS requested
         FROM replenishment_approval a JOIN replenishment_approval_line l ON l.request_id = a.id
         JOIN org_unit o ON o.id = a.store_id JOIN product p ON p.id = l.product_id LEFT JOIN unit u ON u.id = p.unit_id
        WHERE a.status = 'submitted' AND ($1::uuid[] IS NULL OR a.id = ANY($1)) AND ($2::uuid[] IS NULL OR l.product_id = ANY($2))
        ORDER BY p.code, a.submitted_at, l.id`,
    allocatable: `SELECT p.id AS product_id, coalesce(b.qty, 0)::text AS on_hand,
              coalesce((SELECT sum(greatest(coalesce(l.approved_qty, 0) - l.shipped_qty - l.cancelled_qty, 0)) FROM replenishment_approval_line l
                          JOIN replenishment_approval a ON a.id = l.request_id
                         WHERE l.product_id = p.id AND a.status IN ('approved', 'partially_approved', 'partially_shipped')), 0)::text AS committed
         FROM unnest($1::uuid[]) AS p(id) LEFT JOIN stock_balance b ON b.product_id = p.id AND b.warehouse_id = $2`,
    // 门店自行采购
    storePurchasing: `SELECT s.allow_store_purchasing AS allowed FROM org_unit o LEFT JOIN org_settings s ON s.org_unit_id = o.id WHERE o.id = $1 AND o.kind = 'store'`,
    isStore: `SELECT 1 FROM org_unit WHERE id = $1 AND kind = 'store'`,
    setStorePurchasing: `INSERT INTO org_settings (org_unit_id, allow_store_purchasing, row_version) VALUES ($1, $2, 1)
         ON CONFLICT (org_unit_id) DO UPDATE SET allow_store_purchasing = EXCLUDED.allow_store_purchasing, row_version = org_settings.row_version + 1
         WHERE org_settings.allow_store_purchasing IS DISTINCT FROM EXCLUDED.allow_store_purchasing`,
    // 调拨结算
    settlementSettings: `SELECT s.extra -> 'replenishment' AS s FROM org_settings s JOIN org_unit o ON o.id = s.org_unit_id WHERE o.kind = 'hq' ORDER BY o.code LIMIT 1`,
    saveSettlementSettings: `INSERT INTO org_settings (org_unit_id, extra, row_version) SELECT id, jsonb_build_object('replenishment', $1::jsonb), 1 FROM org_unit WHERE kind = 'hq'
         ON CONFLICT (org_unit_id) DO UPDATE SET extra = org_settings.extra || jsonb_build_object('replenishment', $1::jsonb)`,
    receiptExists: `SELECT 1 FROM transfer_receipt WHERE id = $1`,
    // 调拨单
    shipmentLines: `SELECT l.id, l.line_no AS "lineNo", l.product_id AS "productId", p.code AS "productCode", p.name AS "productName", l.request_id AS "requestId",
              a.request_no AS "requestNo", l.request_line_id AS "requestLineId", ${qtyText('l.quantity')} AS quantity, ${qtyText('l.unit_cost')} AS "unitCost",
              ${qtyText('l.amount')} AS amount, l.batches, ${qtyText('l.received_qty')} AS "receivedQty"
         FROM transfer_shipment_line l LEFT JOIN product p ON p.id = l.product_id LEFT JOIN replenishment_approval a ON a.id = l.request_id
        WHERE l.shipment_id = $1 ORDER BY l.line_no`,
    warehouse: `SELECT org_unit_id, kind, status FROM warehouse WHERE id = $1`,
    transitWarehouse: `SELECT id FROM warehouse WHERE org_unit_id = $1 AND kind = 'in_transit' AND status = 'active' ORDER BY code LIMIT 1`,
    storeWarehouse: `SELECT w.id FROM warehouse w JOIN org_unit o ON o.id = w.org_unit_id WHERE o.id = $1 AND o.kind = 'store' AND w.kind = 'normal' AND w.status = 'active' ORDER BY w.code LIMIT 1`,
    activeProducts: `SELECT id FROM product WHERE id = ANY($1::uuid[]) AND status = 'active'`,
  },
  ['hq'],
);

/** A submitted request line claiming stock (缺货分配). */
export interface ClaimRow {
  line_id: string;
  request_id: string;
  request_no: string;
  store_id: string;
  store_code: string;
  product_id: string;
  product_code: string;
  product_name: string;
  unit: string | null;
  requested: string;
}

/** What a warehouse holds of a product and what approved requests already claim of it. */
export interface AllocatableRow {
  product_id: string;
  on_hand: string;
  committed: string;
}

/** The SQL of HQ's replenishment services other than 要货确认: allocation, store purchasing, shipments and their settlement. */
@Injectable()
export class ReplenishmentRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Lines of submitted requests (null: any request / any product), by product, then oldest request first. */
  claims(ctx: RequestContext, requestIds: string[] | null, productIds: string[] | null): Promise<ClaimRow[]> {
    return queryRows<ClaimRow>(this.connection.manager(ctx), SQL.claims, [requestIds, productIds]);
  }

  allocatable(ctx: RequestContext, productIds: string[], warehouseId: string): Promise<AllocatableRow[]> {
    return queryRows<AllocatableRow>(this.connection.manager(ctx), SQL.allocatable, [productIds, warehouseId]);
  }

  /** The store's 门店自采 switch (null: not set); undefined when the id is not a store's. */
  async storePurchasing(ctx: RequestContext, storeId: string): Promise<{ allowed: boolean | null } | undefined> {
    const [row] = await queryRows<{ allowed: boolean | null }>(this.connection.manager(ctx), SQL.storePurchasing, [storeId]);
    return row;
  }

  async isStore(ctx: RequestContext, orgUnitId: string): Promise<boolean> {
    return (await queryRows(this.connection.manager(ctx), SQL.isStore, [orgUnitId])).length > 0;
  }

  /** Sets the switch; the settings row's version moves only when the value changes (it travels to the store). */
  async setStorePurchasing(ctx: RequestContext, storeId: string, allowed: boolean): Promise<void> {
    await this.connection.manager(ctx).query(SQL.setStorePurchasing, [storeId, allowed]);
  }

  /** The settlement settings HQ's org_settings.extra holds (null: none saved). */
  async settlementSettings<T>(ctx: RequestContext): Promise<Partial<T> | null> {
    const [r] = await queryRows<{ s: Partial<T> | null }>(this.connection.manager(ctx), SQL.settlementSettings);
    return r?.s ?? null;
  }

  async saveSettlementSettings(ctx: RequestContext, value: object): Promise<void> {
    await this.connection.manager(ctx).query(SQL.saveSettlementSettings, [JSON.stringify(value)]);
  }

  async receiptExists(ctx: RequestContext, id: string): Promise<boolean> {
    return (await queryRows(this.connection.manager(ctx), SQL.receiptExists, [id])).length > 0;
  }

  shipmentLines(ctx: RequestContext, shipmentId: string): Promise<TransferShipmentLineRow[]> {
    return queryRows<TransferShipmentLineRow>(this.connection.manager(ctx), SQL.shipmentLines, [shipmentId]);
  }

  async warehouse(ctx: RequestContext, id: string): Promise<{ org_unit_id: string; kind: string; status: string } | undefined> {
    const [w] = await queryRows<{ org_unit_id: string; kind: string; status: string }>(this.connection.manager(ctx), SQL.warehouse, [id]);
    return w;
  }

  /** The store's first active in-transit location. */
  async transitWarehouse(ctx: RequestContext, storeId: string): Promise<string | undefined> {
    const [w] = await queryRows<{ id: string }>(this.connection.manager(ctx), SQL.transitWarehouse, [storeId]);
    return w?.id;
  }

  /** The store's first active normal warehouse (undefined: not a store, or none). */
  async storeWarehouse(ctx: RequestContext, storeId: string): Promise<string | undefined> {
    const [w] = await queryRows<{ id: string }>(this.connection.manager(ctx), SQL.storeWarehouse, [storeId]);
    return w?.id;
  }

  /** Of these ids, the active products'. */
  async activeProducts(ctx: RequestContext, ids: Array<string | null>): Promise<string[]> {
    return (await queryRows<{ id: string }>(this.connection.manager(ctx), SQL.activeProducts, [ids])).map((p) => p.id);
  }
}
