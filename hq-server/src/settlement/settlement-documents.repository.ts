import { Injectable } from '@nestjs/common';
import { queryRows, RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';
import type { ItemRow } from './ledger.repository';
import type { PartyType } from './settlement.entity';
import type { SettledRow, SoldRow } from './supplier-sales.calculator';
import type { SupplierSettlementLine } from './settlement.responses';

/** The member-ledger rows of chain stored value at a store not settled yet, up to the end of $2 (or now). */
const UNSETTLED_STORED_VALUE = `FROM member_ledger e JOIN member_card c ON c.id = e.card_id AND c.scope = 'chain'
          WHERE e.account = 'stored_value' AND e.kind = ANY($1::varchar[]) AND e.at < least(($2::date + 1)::timestamptz, now()) AND e.delta <> 0
            AND NOT EXISTS (SELECT 1 FROM stored_value_settlement_entry x WHERE x.ledger_id = e.id)`;

const SQL = sqlStatements(
  'settlement.documents',
  {
    latestStatement: `SELECT number, status, to_char(period_to, 'YYYY-MM-DD') AS "periodTo" FROM settlement_statement
        WHERE party_type = $1 AND party_id = $2 AND status <> 'cancelled' ORDER BY period_to DESC, created_at DESC LIMIT 1`,
    unstatedItems: `SELECT i.id, i.doc_type AS "docType", i.doc_no AS "docNo", to_char(i.doc_date, 'YYYY-MM-DD') AS "docDate", to_char(i.entry_date, 'YYYY-MM-DD') AS "entryDate",
                to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate", i.amount::text, i.description
           FROM settlement_item i
          WHERE i.party_type = $1 AND i.party_id = $2 AND i.entry_date <= $3::date
            AND NOT EXISTS (SELECT 1 FROM settlement_statement_line l WHERE l.item_id = i.id AND l.active)
          ORDER BY i.entry_date, i.created_at, i.doc_no, i.id`,
    statedBalance: `SELECT coalesce(sum(i.amount), 0)::text AS opening FROM settlement_item i JOIN settlement_statement_line l ON l.item_id = i.id AND l.active
        WHERE i.party_type = $1 AND i.party_id = $2`,
    laterStatement: `SELECT number FROM settlement_statement WHERE party_type = $1 AND party_id = $2 AND status <> 'cancelled' AND id <> $3
        AND (period_to > $4::date OR (period_to = $4::date AND created_at > $5)) LIMIT 1`,
    lockStoredValue: `SELECT pg_advisory_xact_lock(hashtext('stored_value_settlement'))`,
    storedValueStores: `SELECT DISTINCT e.store_id AS "storeId" ${UNSETTLED_STORED_VALUE} AND ($3::uuid IS NULL OR e.store_id = $3::uuid)
            AND EXISTS (SELECT 1 FROM org_unit o WHERE o.id = e.store_id AND o.kind = 'store') ORDER BY 1`,
    takeStoredValue: `INSERT INTO stored_value_settlement_entry (ledger_id, settlement_id) SELECT e.id, $4 ${UNSETTLED_STORED_VALUE} AND e.store_id = $3`,
    storedValueFigures: `SELECT to_char(min(e.at)::date, 'YYYY-MM-DD') AS "from", coalesce(sum(e.delta) FILTER (WHERE e.kind = 'top_up'), 0)::text AS "topUp",
                  coalesce(sum(e.delta) FILTER (WHERE e.kind = 'refund'), 0)::text AS refund,
                  (-coalesce(sum(e.delta) FILTER (WHERE e.kind IN ('payment', 'reversal')), 0))::text AS spent, sum(e.delta)::text AS net
             FROM member_ledger e JOIN stored_value_settlement_entry x ON x.ledger_id = e.id AND x.settlement_id = $1`,
    supplierTerms: `SELECT id, code, name, status, settlement_mode AS "settlementMode", commission_rate::text AS "commissionRate", payment_terms_days AS "paymentTermsDays"
        FROM supplier WHERE id = $1`,
    supplierSettlementLines: `SELECT l.line_no AS "lineNo", l.product_id AS "productId", p.code AS "productCode", p.name AS "productName", l.store_id AS "storeId", o.code AS "storeCode",
              l.quantity::text AS quantity, l.sales_amount::text AS "salesAmount", l.unit_price::text AS "unitPrice", l.commission_amount::text AS "commissionAmount",
              l.payable_amount::text AS "payableAmount"
         FROM supplier_sales_settlement_line l JOIN product p ON p.id = l.product_id LEFT JOIN org_unit o ON o.id = l.store_id
        WHERE l.settlement_id = $1 ORDER BY l.line_no`,
    overlappingSettlements: `SELECT id, number, to_char(period_from, 'YYYY-MM-DD') AS "periodFrom", to_char(period_to, 'YYYY-MM-DD') AS "periodTo" FROM supplier_sales_settlement
          WHERE supplier_id = $1 AND status = 'posted' AND period_from <= $3::date AND period_to >= $2::date`,
    settledLines: `SELECT product_id AS "productId", store_id AS "storeId", quantity::text, sales_amount::text AS "salesAmount", commission_amount::text AS "commissionAmount",
              payable_amount::text AS "payableAmount"
         FROM supplier_sales_settlement_line WHERE settlement_id = ANY($1::uuid[])`,
    supplierSold: `SELECT x.product_id AS "productId", x.store_id AS "storeId", sum(x.qty)::text AS quantity, sum(x.amount)::text AS "salesAmount"
         FROM (
           SELECT l.product_id, s.store_id, l.quantity AS qty, l.amount FROM pos_sale s JOIN pos_sale_line l ON l.sale_id = s.id AND NOT l.voided
             JOIN product p ON p.id = l.product_id WHERE p.default_supplier_id = $1 AND s.business_date BETWEEN $2::date AND $3::date
           UNION ALL
           SELECT l.product_id, r.store_id, -l.quantity, -l.amount FROM pos_refund r JOIN pos_refund_line l ON l.refund_id = r.id
             JOIN product p ON p.id = l.product_id WHERE p.default_supplier_id = $1 AND r.business_date BETWEEN $2::date AND $3::date
           UNION ALL
           SELECT l.product_id, NULL::uuid, l.quantity, l.amount FROM wholesale_delivery d JOIN wholesale_delivery_line l ON l.delivery_id = d.id
             JOIN product p ON p.id = l.product_id WHERE p.default_supplier_id = $1 AND d.status = 'posted' AND d.business_date BETWEEN $2::date AND $3::date
           UNION ALL
           SELECT l.product_id, NULL::uuid, -l.quantity, -l.amount FROM wholesale_return r JOIN wholesale_return_line l ON l.return_id = r.id
             JOIN product p ON p.id = l.product_id WHERE p.default_supplier_id = $1 AND r.status = 'posted' AND r.business_date BETWEEN $2::date AND $3::date
         ) x GROUP BY x.product_id, x.store_id`,
    consignmentPrices: `SELECT p.id, coalesce(
                (SELECT l.unit_price FROM goods_receipt_line l JOIN goods_receipt r ON r.id = l.receipt_id
                  WHERE r.supplier_id = $1 AND r.status = 'posted' AND r.kind = 'receipt' AND l.product_id = p.id ORDER BY r.business_date DESC, r.posted_at DESC LIMIT 1),
                p.purchase_price)::text AS price
         FROM product p WHERE p.id = ANY($2::uuid[])`,
  },
  ['hq'],
);

/** A supplier with what its payables are settled by. */
export interface SupplierTerms {
  id: string;
  code: string;
  name: string;
  status: string;
  settlementMode: 'purchase' | 'consignment' | 'concession';
  commissionRate: string | null;
  paymentTermsDays: number | null;
}

/** The figures of the member-ledger rows one stored-value settlement took (money as exact text). */
export interface StoredValueFigures {
  from: string;
  topUp: string;
  refund: string;
  spent: string;
  net: string;
}

/** The SQL of the settlement documents: statements, stored-value settlements and consignment/concession settlements. */
@Injectable()
export class SettlementDocumentsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** The party's latest statement not cancelled (undefined: none yet). */
  async latestStatement(ctx: RequestContext, partyType: PartyType, partyId: string): Promise<{ number: string; status: string; periodTo: string } | undefined> {
    return (await queryRows<{ number: string; status: string; periodTo: string }>(this.connection.manager(ctx), SQL.latestStatement, [partyType, partyId]))[0];
  }

  /** The party's items entered up to `to` that no active statement lists, in the order they were booked. */
  unstatedItems(ctx: RequestContext, partyType: PartyType, partyId: string, to: string): Promise<ItemRow[]> {
    return queryRows<ItemRow>(this.connection.manager(ctx), SQL.unstatedItems, [partyType, partyId, to]);
  }

  /** Σ the items active statements list: the next statement's opening balance. */
  async statedBalance(ctx: RequestContext, partyType: PartyType, partyId: string): Promise<string> {
    return (await queryRows<{ opening: string }>(this.connection.manager(ctx), SQL.statedBalance, [partyType, partyId]))[0].opening;
  }

  /** The number of a statement of the party after this one (undefined: it is the latest). */
  async laterStatement(ctx: RequestContext, s: { id: string; partyType: PartyType; partyId: string; periodTo: string; createdAt: Date }): Promise<string | undefined> {
    return (await queryRows<{ number: string }>(this.connection.manager(ctx), SQL.laterStatement, [s.partyType, s.partyId, s.id, s.periodTo, s.createdAt]))[0]?.number;
  }

  /** Stored-value settlements run one at a time (for the rest of the transaction). */
  async lockStoredValue(ctx: RequestContext): Promise<void> {
    await this.connection.manager(ctx).query(SQL.lockStoredValue);
  }

  /** Stores (or the one asked for) with chain stored value of these kinds not settled up to the end of `to`. */
  async storedValueStores(ctx: RequestContext, kinds: string[], to: string, storeId: string | null): Promise<string[]> {
    return (await queryRows<{ storeId: string }>(this.connection.manager(ctx), SQL.storedValueStores, [kinds, to, storeId])).map((r) => r.storeId);
  }

  /** Takes the store's unsettled rows for the settlement, then sums exactly the rows taken. */
  async takeStoredValue(ctx: RequestContext, kinds: string[], to: string, storeId: string, settlementId: string): Promise<StoredValueFigures> {
    const m = this.connection.manager(ctx);
    await m.query(SQL.takeStoredValue, [kinds, to, storeId, settlementId]);
    return (await queryRows<StoredValueFigures>(m, SQL.storedValueFigures, [settlementId]))[0];
  }

  async supplierTerms(ctx: RequestContext, supplierId: string): Promise<SupplierTerms | undefined> {
    return (await queryRows<SupplierTerms>(this.connection.manager(ctx), SQL.supplierTerms, [supplierId]))[0];
  }

  /** A consignment/concession settlement's lines as stored (numbers as exact text). */
  supplierSettlementLines(ctx: RequestContext, settlementId: string): Promise<SupplierSettlementLine[]> {
    return queryRows<SupplierSettlementLine>(this.connection.manager(ctx), SQL.supplierSettlementLines, [settlementId]);
  }

  /** The supplier's posted settlements whose period meets from–to. */
  overlappingSettlements(ctx: RequestContext, supplierId: string, from: string, to: string): Promise<Array<{ id: string; number: string; periodFrom: string; periodTo: string }>> {
    return queryRows<{ id: string; number: string; periodFrom: string; periodTo: string }>(this.connection.manager(ctx), SQL.overlappingSettlements, [supplierId, from, to]);
  }

  /** What these settlements settled, line by line. */
  settledLines(ctx: RequestContext, settlementIds: string[]): Promise<SettledRow[]> {
    return queryRows<SettledRow>(this.connection.manager(ctx), SQL.settledLines, [settlementIds]);
  }

  /** Net sales of the supplier's products by product and seller: stores' sales − refunds, HQ wholesale deliveries − returns. */
  supplierSold(ctx: RequestContext, supplierId: string, from: string, to: string): Promise<SoldRow[]> {
    return queryRows<SoldRow>(this.connection.manager(ctx), SQL.supplierSold, [supplierId, from, to]);
  }

  /** 代销 settlement price: the supplier's last posted receipt price of the product, else the product's purchase price. */
  async consignmentPrices(ctx: RequestContext, supplierId: string, productIds: string[]): Promise<Map<string, string>> {
    const rows = await queryRows<{ id: string; price: string }>(this.connection.manager(ctx), SQL.consignmentPrices, [supplierId, productIds]);
    return new Map(rows.map((r) => [r.id, r.price]));
  }
}
