import { Injectable } from '@nestjs/common';
import { queryRows, RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';
import type { AllocationSourceType, PartyType, SettlementDocType } from './settlement.entity';

/** A settlement item as the ledger reads it (amounts as exact text). */
export interface ItemRow {
  id: string;
  partyType: PartyType;
  partyId: string;
  storeId: string | null;
  docType: SettlementDocType;
  docId: string;
  docNo: string;
  docDate: string;
  entryDate: string;
  dueDate: string | null;
  amount: string;
  allocated: string;
  /** amount − allocated */
  open: string;
  description: string | null;
}

const ITEM_COLUMNS = `i.id, i.party_type AS "partyType", i.party_id AS "partyId", i.store_id AS "storeId", i.doc_type AS "docType", i.doc_id AS "docId",
  i.doc_no AS "docNo", to_char(i.doc_date, 'YYYY-MM-DD') AS "docDate", to_char(i.entry_date, 'YYYY-MM-DD') AS "entryDate",
  to_char(i.due_date, 'YYYY-MM-DD') AS "dueDate", i.amount::text, i.allocated::text, (i.amount - i.allocated)::text AS open, i.description`;

const SQL = sqlStatements(
  'settlement.ledger',
  {
    lockParty: `SELECT pg_advisory_xact_lock(hashtext('settlement_party'), hashtext($1 || ':' || $2))`,
    item: `SELECT ${ITEM_COLUMNS} FROM settlement_item i WHERE i.id = $1`,
    lockItem: `SELECT ${ITEM_COLUMNS} FROM settlement_item i WHERE i.id = $1 FOR UPDATE`,
    itemOfDoc: `SELECT ${ITEM_COLUMNS} FROM settlement_item i WHERE i.doc_type = $1 AND i.doc_id = $2`,
    lockItems: `SELECT ${ITEM_COLUMNS} FROM settlement_item i WHERE i.id = ANY($1::uuid[]) ORDER BY i.id FOR UPDATE`,
    openDebits: `SELECT ${ITEM_COLUMNS} FROM settlement_item i
        WHERE i.party_type = $1 AND i.party_id = $2 AND i.amount > 0 AND i.allocated < i.amount
        ORDER BY coalesce(i.due_date, i.doc_date), i.doc_date, i.doc_no FOR UPDATE`,
    openCredits: `SELECT ${ITEM_COLUMNS} FROM settlement_item i
        WHERE i.party_type = $1 AND i.party_id = $2 AND i.amount < 0 AND i.allocated > i.amount
        ORDER BY i.entry_date, i.created_at, i.doc_no FOR UPDATE`,
    addAllocated: `UPDATE settlement_item SET allocated = allocated + $2::numeric WHERE id = $1`,
    balance: `SELECT coalesce(sum(amount), 0)::text AS b FROM settlement_item WHERE party_type = $1 AND party_id = $2`,
    balanceAsOf: `SELECT coalesce(sum(amount), 0)::text AS b FROM settlement_item WHERE party_type = $1 AND party_id = $2 AND entry_date <= $3::date`,
    balanceBefore: `SELECT coalesce(sum(amount), 0)::text AS b FROM settlement_item WHERE party_type = $1 AND party_id = $2 AND entry_date < $3::date`,
    itemsEntered: `SELECT ${ITEM_COLUMNS} FROM settlement_item i WHERE i.party_type = $1 AND i.party_id = $2 AND i.entry_date BETWEEN $3::date AND $4::date
        ORDER BY i.entry_date, i.created_at, i.doc_no, i.id`,
    customer: `SELECT id, code, name, status, payment_terms_days AS "paymentTermsDays" FROM customer WHERE id = $1`,
    supplier: `SELECT id, code, name, status, payment_terms_days AS "paymentTermsDays" FROM supplier WHERE id = $1`,
    store: `SELECT o.id, o.code, o.name, o.status, t.payment_terms_days AS "paymentTermsDays" FROM org_unit o LEFT JOIN store_settlement_terms t ON t.store_id = o.id WHERE o.id = $1 AND o.kind = 'store'`,
    standingAllocations: `SELECT a.id, a.debit_item_id AS "debitItemId", a.credit_item_id AS "creditItemId", a.amount::text FROM settlement_allocation a
        WHERE (a.debit_item_id = $1 OR a.credit_item_id = $1) AND a.reverses_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM settlement_allocation r WHERE r.reverses_id = a.id) ORDER BY a.created_at, a.id`,
    itemAllocations: `SELECT a.id, a.amount::text, to_char(a.allocated_on, 'YYYY-MM-DD') AS "allocatedOn", a.source_type AS "sourceType", a.reverses_id AS "reversesId",
                  d.id AS "itemId", d.doc_type AS "docType", d.doc_no AS "docNo", to_char(d.due_date, 'YYYY-MM-DD') AS "dueDate"
             FROM settlement_allocation a JOIN settlement_item d ON d.id = CASE WHEN a.credit_item_id = $1 THEN a.debit_item_id ELSE a.credit_item_id END
            WHERE a.credit_item_id = $1 OR a.debit_item_id = $1 ORDER BY a.created_at, coalesce(d.due_date, d.doc_date), d.doc_no, a.amount DESC`,
    itemMarkup: `SELECT meta->>'markupPercent' AS m FROM settlement_item WHERE id = $1`,
  },
  ['hq'],
);

/** A customer, supplier or store as the ledger books it. */
export interface Party {
  id: string;
  code: string;
  name: string;
  status: string;
  paymentTermsDays: number | null;
}

/** An allocation standing on an item (amount as exact text). */
export interface StandingAllocationRow {
  id: string;
  debitItemId: string;
  creditItemId: string;
  amount: string;
}

/** An allocation of an item, seen from it: the amount and the other side's document. */
export interface ItemAllocationRow {
  id: string;
  amount: string;
  allocatedOn: string;
  sourceType: AllocationSourceType;
  reversesId: string | null;
  itemId: string;
  docType: SettlementDocType;
  docNo: string;
  dueDate: string | null;
}

/** The ledger's SQL: locks, open items, balances, allocations, the parties and the rows of a statement. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /**
   * Everything that matches items of one party (allocations, reversals, the credit check) queues
   * here for the rest of the transaction: no two of them can spend the same open amount.
   */
  async lockParty(ctx: RequestContext, partyType: PartyType, partyId: string): Promise<void> {
    await this.connection.manager(ctx).query(SQL.lockParty, [partyType, partyId]);
  }

  async item(ctx: RequestContext, id: string, lock = false): Promise<ItemRow | undefined> {
    const [row] = await queryRows<ItemRow>(this.connection.manager(ctx), lock ? SQL.lockItem : SQL.item, [id]);
    return row;
  }

  async itemOfDoc(ctx: RequestContext, docType: string, docId: string): Promise<ItemRow | undefined> {
    const [row] = await queryRows<ItemRow>(this.connection.manager(ctx), SQL.itemOfDoc, [docType, docId]);
    return row;
  }

  /** Rows locked in id order (callers hold the party lock already; the order keeps any other writer deadlock-free). */
  async lockItems(ctx: RequestContext, ids: string[]): Promise<ItemRow[]> {
    if (!ids.length) return [];
    return queryRows<ItemRow>(this.connection.manager(ctx), SQL.lockItems, [ids]);
  }

  /** The party's items with something still open that raise the balance (what is owed), oldest first. */
  async openDebits(ctx: RequestContext, partyType: PartyType, partyId: string): Promise<ItemRow[]> {
    return queryRows<ItemRow>(this.connection.manager(ctx), SQL.openDebits, [partyType, partyId]);
  }

  /** The party's unmatched credits (advance payments, credit notes), oldest first. */
  async openCredits(ctx: RequestContext, partyType: PartyType, partyId: string): Promise<ItemRow[]> {
    return queryRows<ItemRow>(this.connection.manager(ctx), SQL.openCredits, [partyType, partyId]);
  }

  async addAllocated(ctx: RequestContext, id: string, delta: string): Promise<void> {
    await this.connection.manager(ctx).query(SQL.addAllocated, [id, delta]);
  }

  /** Σ items: what the party owes HQ (receivables) or HQ owes it (payables); as of the end of a day when given. */
  async balance(ctx: RequestContext, partyType: PartyType, partyId: string, asOf?: string): Promise<string> {
    const [r] = await queryRows<{ b: string }>(this.connection.manager(ctx), asOf ? SQL.balanceAsOf : SQL.balance, asOf ? [partyType, partyId, asOf] : [partyType, partyId]);
    return r.b;
  }

  /** A statement's rows: the balance before `from`, then the items entered from `from` to `to`, in the order they were booked. */
  async statementRows(ctx: RequestContext, partyType: PartyType, partyId: string, from: string, to: string): Promise<{ opening: string; items: ItemRow[] }> {
    const m = this.connection.manager(ctx);
    const [o] = await queryRows<{ b: string }>(m, SQL.balanceBefore, [partyType, partyId, from]);
    const items = await queryRows<ItemRow>(m, SQL.itemsEntered, [partyType, partyId, from, to]);
    return { opening: o.b, items };
  }

  /** A customer, supplier or store by id (undefined: none of that kind). */
  async party(ctx: RequestContext, partyType: PartyType, partyId: string): Promise<Party | undefined> {
    return (await queryRows<Party>(this.connection.manager(ctx), SQL[partyType], [partyId]))[0];
  }

  /** The allocations standing on an item (not reversed, not reversals). */
  standingAllocations(ctx: RequestContext, itemId: string): Promise<StandingAllocationRow[]> {
    return queryRows<StandingAllocationRow>(this.connection.manager(ctx), SQL.standingAllocations, [itemId]);
  }

  /** Every allocation of an item (reversals included), with the document on the other side. */
  itemAllocations(ctx: RequestContext, itemId: string): Promise<ItemAllocationRow[]> {
    return queryRows<ItemAllocationRow>(this.connection.manager(ctx), SQL.itemAllocations, [itemId]);
  }

  /** The markup a store item (a transfer shipment) was priced with, as stored in its meta ('0': none). */
  async itemMarkup(ctx: RequestContext, itemId: string): Promise<string> {
    return (await queryRows<{ m: string | null }>(this.connection.manager(ctx), SQL.itemMarkup, [itemId]))[0]?.m ?? '0';
  }
}
