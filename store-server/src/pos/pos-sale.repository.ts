import { Injectable } from '@nestjs/common';
import {
  formatDay,
  formatDocumentNumber,
  nextNumberSql,
  PaymentMethod,
  PromotionDef,
  PosSale,
  PosSaleLine,
  PosSalePayment,
  queryRows,
  RequestContext,
  RowsOf,
  sqlStatements,
  TransactionalConnection,
} from '@chain-erp/shared';
import { RESOLVE_SQL, ResolvedRow } from './pos-catalog.repository';
import type { LineKeys } from './pos-catalog.service';
import type { SettingsLayers } from './pos-settings.repository';
import { PosShift } from './pos-store.entity';

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
  /** the sale's receipt number (`SALE-<till>-<day>-n`, before the store code goes in), taken with the shift; null without a shift */
  number: string | null;
  /** the catalog rows of the lines' keys (`RESOLVE_SQL`) */
  items: ResolvedRow[];
  /** the promotions of this store's replica in their period at the moment (the engine checks the rest) */
  promotions: PromotionDef[];
}

/** A line sold below zero (负库存销售), numbers as text. */
export interface NegativeStockRow {
  saleId: string;
  receiptNo: string;
  soldAt: Date;
  lineNo: number;
  productId: string;
  productCode: string;
  productName: string;
  quantity: string;
  balanceAfter: string;
  onHandNow: string | null;
}

/** The receipt numbers of sales: per till and day. */
export const SALE_NUMBER_TYPE = 'SALE';

/**
 * The sale's hard queries (CONVENTIONS: a repository where queries are hard): the context read
 * and the document write, each one statement, so a sale costs few round trips.
 */
@Injectable()
export class PosSaleRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /**
   * One statement: the shift (locked FOR SHARE, so a handover waits for the sale), whether the id
   * is taken, both settings layers, warehouses, payment methods, the receipt number of the shift's
   * till (the counter bump of `DocumentNumberService`, given back by a rollback like any number)
   * and the catalog rows of every line with today's prices (`RESOLVE_SQL`). Prepared: its text is fixed.
   */
  async context(tx: RequestContext, storeId: string, saleId: string, shiftId: string, now: Date, day: string, keys: LineKeys): Promise<SaleContextRow> {
    const numberDay = formatDay(now);
    const [row] = await queryRows<Omit<SaleContextRow, 'layers' | 'number'> & SettingsLayers & { seq: number | null }>(
      this.connection.manager(tx),
      SQL.context,
      [storeId, day, keys.barcodes, keys.codes, keys.ids, now, saleId, shiftId, SALE_NUMBER_TYPE, numberDay],
      { prepared: true },
    );
    const number = row.shift && row.seq !== null ? formatDocumentNumber(SALE_NUMBER_TYPE, row.shift.tillCode, numberDay, row.seq) : null;
    return {
      taken: row.taken,
      shift: row.shift,
      layers: { hq: row.hq, own: row.own },
      warehouses: row.warehouses,
      methods: row.methods,
      number,
      items: row.items,
      promotions: row.promotions,
    };
  }

  /** The store's active normal warehouses in code order (the selling one is chosen from them by the settings). */
  warehouses(ctx: RequestContext, storeId: string): Promise<Array<{ id: string }>> {
    return queryRows<{ id: string }>(this.connection.manager(ctx), SQL.warehouses, [storeId]);
  }

  /** The store's latest lines sold with stock going below zero, with the product's stock now. */
  negativeStock(ctx: RequestContext, storeId: string, limit: number): Promise<NegativeStockRow[]> {
    return queryRows<NegativeStockRow>(this.connection.manager(ctx), SQL.negativeStock, [storeId, limit]);
  }

  /** Header, lines and payments, as `insertRows` parts (written in one statement with the outbox record). */
  rows(sale: PosSale, lines: PosSaleLine[], payments: PosSalePayment[]): RowsOf[] {
    return [
      { entity: PosSale, rows: [sale] },
      { entity: PosSaleLine, rows: lines },
      { entity: PosSalePayment, rows: payments },
    ];
  }
}

// $1 store, $2 day (YYYY-MM-DD), $3 barcodes, $4 product codes, $5 product ids, $6 the moment (RESOLVE_SQL's), $7 sale id, $8 shift id, $9 number type, $10 number day (YYYYMMDD)
const CONTEXT_SQL = `WITH sh AS (SELECT id, store_id AS "storeId", shift_no AS "shiftNo", till_code AS "tillCode", cashier_id AS "cashierId", status
                   FROM pos_shift WHERE id = $8 FOR SHARE),
       seq AS (${nextNumberSql('sh."tillCode"', '$9', '$10', 'sh')}),
       items AS (${RESOLVE_SQL})
     SELECT EXISTS (SELECT 1 FROM pos_sale WHERE id = $7) AS taken,
            (SELECT row_to_json(sh) FROM sh) AS shift,
            (SELECT last_value FROM seq) AS seq,
            (SELECT extra->'pos' FROM org_settings WHERE org_unit_id = $1) AS hq,
            (SELECT document FROM pos_settings WHERE org_unit_id = $1) AS own,
            (SELECT coalesce(json_agg(json_build_object('id', w.id) ORDER BY w.code), '[]') FROM warehouse w
              WHERE w.org_unit_id = $1 AND w.kind = 'normal' AND w.status = 'active') AS warehouses,
            (SELECT coalesce(json_agg(json_build_object('id', m.id, 'code', m.code, 'name', m.name, 'type', m.type, 'allowsChange', m.allows_change) ORDER BY m.sort_order, m.code), '[]')
              FROM payment_method m WHERE m.status = 'active' AND m.enabled) AS methods,
            (SELECT coalesce(json_agg(items), '[]') FROM items) AS items,
            (SELECT coalesce(json_agg(json_build_object('id', p.id, 'code', p.code, 'name', p.name, 'kind', p.kind, 'priority', p.priority, 'stackable', p.stackable, 'rules', p.rules,
                      'storeIds', p.store_ids, 'startsAt', p.starts_at, 'endsAt', p.ends_at, 'stoppedAt', p.stopped_at, 'daysOfWeek', p.days_of_week, 'timeFrom', p.time_from,
                      'timeTo', p.time_to, 'membersOnly', p.members_only, 'cardTypeIds', p.card_type_ids) ORDER BY p.priority DESC, p.code), '[]')
              FROM promotion p WHERE p.status IN ('approved', 'stopped') AND p.starts_at <= $6 AND (p.ends_at IS NULL OR p.ends_at > $6) AND (p.stopped_at IS NULL OR p.stopped_at > $6)) AS promotions`;

const SQL = sqlStatements(
  'pos.sale',
  {
    context: CONTEXT_SQL,
    warehouses: `SELECT id FROM warehouse WHERE org_unit_id = $1 AND kind = 'normal' AND status = 'active' ORDER BY code`,
    negativeStock: `SELECT s.id AS "saleId", s.receipt_no AS "receiptNo", s.sold_at AS "soldAt", l.line_no AS "lineNo", l.product_id AS "productId", l.product_code AS "productCode",
              l.product_name AS "productName", l.quantity::text, l.balance_after::text AS "balanceAfter",
              (SELECT qty::text FROM stock_balance b WHERE b.warehouse_id = s.warehouse_id AND b.product_id = l.product_id) AS "onHandNow"
       FROM pos_sale s JOIN pos_sale_line l ON l.sale_id = s.id
       WHERE s.store_id = $1 AND s.negative_stock AND l.balance_after IS NOT NULL ORDER BY s.sold_at DESC LIMIT $2`,
  },
  ['store'],
);
