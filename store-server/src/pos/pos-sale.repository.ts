import { Injectable } from '@nestjs/common';
import { insertRows, PaymentMethod, PosSale, PosSaleLine, PosSalePayment, queryRows, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { SettingsLayers } from './pos-settings.service';
import { PosShift } from './pos-store.entities';

export type TillMethod = Pick<PaymentMethod, 'id' | 'code' | 'name' | 'type' | 'allowsChange'>;

/** What a sale needs before pricing, read in one round trip at the start of its transaction. */
export interface SaleContextRow {
  /** the sale id is taken already (a retry, or another sale under the same id) */
  taken: boolean;
  /** locked FOR SHARE: a handover waits for the sale; null when unknown */
  shift: Pick<PosShift, 'id' | 'storeId' | 'shiftNo' | 'tillCode' | 'cashierId' | 'status'> | null;
  layers: SettingsLayers;
  /** the store's active normal warehouses, by code */
  warehouses: Array<{ id: string }>;
  /** HQ's active enabled payment methods, in HQ's order */
  methods: TillMethod[];
}

/**
 * The sale's hard queries (CONVENTIONS: a repository where queries are hard): the context read
 * and the document write, each one statement, so a sale costs few round trips.
 */
@Injectable()
export class PosSaleRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  async context(tx: RequestContext, storeId: string, saleId: string, shiftId: string): Promise<SaleContextRow> {
    const [row] = await queryRows<Omit<SaleContextRow, 'layers'> & SettingsLayers>(
      this.connection.manager(tx),
      `WITH sh AS (SELECT id, store_id AS "storeId", shift_no AS "shiftNo", till_code AS "tillCode", cashier_id AS "cashierId", status
                   FROM pos_shift WHERE id = $3 FOR SHARE)
       SELECT EXISTS (SELECT 1 FROM pos_sale WHERE id = $2) AS taken,
              (SELECT row_to_json(sh) FROM sh) AS shift,
              (SELECT extra->'pos' FROM org_settings WHERE org_unit_id = $1) AS hq,
              (SELECT document FROM pos_settings WHERE org_unit_id = $1) AS own,
              (SELECT coalesce(json_agg(json_build_object('id', w.id) ORDER BY w.code), '[]') FROM warehouse w
                WHERE w.org_unit_id = $1 AND w.kind = 'normal' AND w.status = 'active') AS warehouses,
              (SELECT coalesce(json_agg(json_build_object('id', m.id, 'code', m.code, 'name', m.name, 'type', m.type, 'allowsChange', m.allows_change) ORDER BY m.sort_order, m.code), '[]')
                FROM payment_method m WHERE m.status = 'active' AND m.enabled) AS methods`,
      [storeId, saleId, shiftId],
    );
    return { taken: row.taken, shift: row.shift, layers: { hq: row.hq, own: row.own }, warehouses: row.warehouses, methods: row.methods };
  }

  /** Header, lines and payments in one statement. */
  async insert(tx: RequestContext, sale: PosSale, lines: PosSaleLine[], payments: PosSalePayment[]): Promise<void> {
    await insertRows(this.connection.manager(tx), [
      { entity: PosSale, rows: [sale] },
      { entity: PosSaleLine, rows: lines },
      { entity: PosSalePayment, rows: payments },
    ]);
  }
}
