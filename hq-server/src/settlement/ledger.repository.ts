import { Injectable } from '@nestjs/common';
import { queryRows, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { PartyType, type SettlementDocType } from './settlement.entity';

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

/** The ledger's SQL: locks, open items, balances and the rows of a statement. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /**
   * Everything that matches items of one party (allocations, reversals, the credit check) queues
   * here for the rest of the transaction: no two of them can spend the same open amount.
   */
  async lockParty(ctx: RequestContext, partyType: PartyType, partyId: string): Promise<void> {
    await this.connection.manager(ctx).query(`SELECT pg_advisory_xact_lock(hashtext('settlement_party'), hashtext($1 || ':' || $2))`, [partyType, partyId]);
  }

  async item(ctx: RequestContext, id: string, lock = false): Promise<ItemRow | undefined> {
    const [row] = await queryRows<ItemRow>(this.connection.manager(ctx), `SELECT ${ITEM_COLUMNS} FROM settlement_item i WHERE i.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row;
  }

  async itemOfDoc(ctx: RequestContext, docType: string, docId: string): Promise<ItemRow | undefined> {
    const [row] = await queryRows<ItemRow>(this.connection.manager(ctx), `SELECT ${ITEM_COLUMNS} FROM settlement_item i WHERE i.doc_type = $1 AND i.doc_id = $2`, [docType, docId]);
    return row;
  }

  /** Rows locked in id order (callers hold the party lock already; the order keeps any other writer deadlock-free). */
  async lockItems(ctx: RequestContext, ids: string[]): Promise<ItemRow[]> {
    if (!ids.length) return [];
    return queryRows<ItemRow>(this.connection.manager(ctx), `SELECT ${ITEM_COLUMNS} FROM settlement_item i WHERE i.id = ANY($1::uuid[]) ORDER BY i.id FOR UPDATE`, [ids]);
  }

  /** The party's items with something still open that raise the balance (what is owed), oldest first. */
  async openDebits(ctx: RequestContext, partyType: PartyType, partyId: string): Promise<ItemRow[]> {
    return queryRows<ItemRow>(
      this.connection.manager(ctx),
      `SELECT ${ITEM_COLUMNS} FROM settlement_item i
        WHERE i.party_type = $1 AND i.party_id = $2 AND i.amount > 0 AND i.allocated < i.amount
        ORDER BY coalesce(i.due_date, i.doc_date), i.doc_date, i.doc_no FOR UPDATE`,
      [partyType, partyId],
    );
  }

  /** The party's unmatched credits (advance payments, credit notes), oldest first. */
  async openCredits(ctx: RequestContext, partyType: PartyType, partyId: string): Promise<ItemRow[]> {
    return queryRows<ItemRow>(
      this.connection.manager(ctx),
      `SELECT ${ITEM_COLUMNS} FROM settlement_item i
        WHERE i.party_type = $1 AND i.party_id = $2 AND i.amount < 0 AND i.allocated > i.amount
        ORDER BY i.entry_date, i.created_at, i.doc_no FOR UPDATE`,
      [partyType, partyId],
    );
  }

  async addAllocated(ctx: RequestContext, id: string, delta: string): Promise<void> {
    await this.connection.manager(ctx).query(`UPDATE settlement_item SET allocated = allocated + $2::numeric WHERE id = $1`, [id, delta]);
  }

  /** Σ items: what the party owes HQ (receivables) or HQ owes it (payables); as of the end of a day when given. */
  async balance(ctx: RequestContext, partyType: PartyType, partyId: string, asOf?: string): Promise<string> {
    const [r] = await queryRows<{ b: string }>(
      this.connection.manager(ctx),
      `SELECT coalesce(sum(amount), 0)::text AS b FROM settlement_item WHERE party_type = $1 AND party_id = $2${asOf ? ' AND entry_date <= $3::date' : ''}`,
      asOf ? [partyType, partyId, asOf] : [partyType, partyId],
    );
    return r.b;
  }

  /** A statement's rows: the balance before `from`, then the items entered from `from` to `to`, in the order they were booked. */
  async statementRows(ctx: RequestContext, partyType: PartyType, partyId: string, from: string, to: string): Promise<{ opening: string; items: ItemRow[] }> {
    const m = this.connection.manager(ctx);
    const [o] = await queryRows<{ b: string }>(
      m,
      `SELECT coalesce(sum(amount), 0)::text AS b FROM settlement_item WHERE party_type = $1 AND party_id = $2 AND entry_date < $3::date`,
      [partyType, partyId, from],
    );
    const items = await queryRows<ItemRow>(
      m,
      `SELECT ${ITEM_COLUMNS} FROM settlement_item i WHERE i.party_type = $1 AND i.party_id = $2 AND i.entry_date BETWEEN $3::date AND $4::date
        ORDER BY i.entry_date, i.created_at, i.doc_no, i.id`,
      [partyType, partyId, from, to],
    );
    return { opening: o.b, items };
  }
}
