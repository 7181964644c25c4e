import { Injectable } from '@nestjs/common';
import {
  queryRows,
  type RequestContext,
  sqlStatements,
  TransactionalConnection,
  type VoucherBatch,
  type VoucherLedgerKind,
  type VoucherLedgerRowDto,
  type VoucherState,
} from '@chain-erp/shared';

const SQL = sqlStatements(
  'vouchers.voucher',
  {
    // the issue document (VoucherBatchService)
    drawNumbers: `INSERT INTO voucher (number, batch_id, kind, face_value, percent, balance, min_spend, valid_from, valid_to, store_ids, state, row_version, offline_redeemable)
         SELECT n, $2, $3, $4, $9, $11, $5, $6, $7, $8, $12, 1, $10 FROM unnest($1::text[]) n
         ON CONFLICT (number) DO NOTHING RETURNING id`,
    issueLedger: `INSERT INTO voucher_ledger (voucher_id, kind, ref_id, doc_no, amount, delta, balance_after, store_id, username)
           SELECT id, 'issue', $1, $2, face_value, face_value, face_value, NULL, $3 FROM voucher WHERE batch_id = $1`,
    figures: `SELECT v.batch_id, sum(v.balance)::text AS outstanding, count(*) FILTER (WHERE v.state = 'redeemed')::int AS used,
              coalesce(sum(l.issued), 0)::text AS issued, coalesce(sum(l.voided), 0)::text AS voided
       FROM voucher v
       LEFT JOIN LATERAL (SELECT sum(delta) FILTER (WHERE kind IN ('issue', 'sell', 'sell_reversal')) AS issued, -sum(delta) FILTER (WHERE kind = 'void') AS voided
                          FROM voucher_ledger WHERE voucher_id = v.id) l ON true
       WHERE v.batch_id = ANY($1::uuid[]) GROUP BY v.batch_id`,
    ledger: `SELECT l.id, l.at, l.kind, l.ref_id AS "refId", l.doc_no AS "docNo", l.original_ref_id AS "originalRefId", to_char(l.amount, 'FM9999999999990.00') AS amount,
              to_char(l.delta, 'FM9999999999990.00') AS delta, to_char(l.balance_after, 'FM9999999999990.00') AS "balanceAfter", l.store_id AS "storeId", o.code AS "storeCode", l.username, l.offline
       FROM voucher_ledger l LEFT JOIN org_unit o ON o.id = l.store_id WHERE l.voucher_id = $1 ORDER BY l.at, l.id`,
    batchNos: `SELECT id, batch_no FROM voucher_batch WHERE id = ANY($1::uuid[])`,
    // the void document (VoucherVoidService)
    lockForVoid: `SELECT id FROM voucher WHERE batch_id = $1 AND ($2::text IS NULL OR number = $2) ORDER BY number FOR UPDATE`,
    voidTargets: `SELECT v.id, v.number, v.state, v.balance::text AS balance,
                EXISTS (SELECT 1 FROM voucher_ledger l WHERE l.voucher_id = v.id AND l.kind = 'redeem') OR ($3 AND v.state <> 'unsold' AND v.state <> 'void') AS held
         FROM voucher v WHERE v.batch_id = $1 AND ($2::text IS NULL OR v.number = $2) ORDER BY v.number`,
    voidLedger: `INSERT INTO voucher_ledger (voucher_id, kind, ref_id, doc_no, amount, delta, balance_after, store_id, username)
         SELECT id, 'void', $2, $3, balance, -balance, 0, NULL, $4 FROM voucher WHERE id = ANY($1::uuid[])`,
    voidNumbers: `UPDATE voucher SET state = 'void', balance = 0, row_version = row_version + 1 WHERE id = ANY($1::uuid[])`,
    // the ledger's changes (VoucherLedgerService)
    soldAtTill: `SELECT sold_at_till FROM voucher_batch WHERE id = $1`,
    lockNumber: `SELECT id FROM voucher WHERE number = $1 FOR UPDATE`,
    hasRow: `SELECT 1 FROM voucher_ledger l JOIN voucher v ON v.id = l.voucher_id WHERE v.number = $1 AND l.kind = ANY($3::text[]) AND l.ref_id = $2`,
    setBalance: `UPDATE voucher SET balance = $2, state = $3, row_version = row_version + 1 WHERE id = $1`,
    givenBack: `SELECT coalesce(sum(amount), 0)::text AS amount FROM voucher_ledger WHERE voucher_id = $1 AND original_ref_id = $2 AND kind = 'refund'`,
  },
  ['hq'],
);

/** A batch's figures from its vouchers and their ledger (money as exact text). */
export interface VoucherBatchFiguresRow {
  batch_id: string;
  outstanding: string;
  used: number;
  issued: string;
  voided: string;
}

/** A number a void document would take out of use; `held`: a customer holds its value (redeemed, or sold at a till). */
export interface VoucherVoidTargetRow {
  id: string;
  number: string;
  state: VoucherState;
  balance: string;
  held: boolean;
}

/** The SQL of HQ's vouchers and gift cards: the issue and void documents and the ledger's changes. */
@Injectable()
export class VoucherRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** Inserts the batch's vouchers under the numbers given, skipping any that exist; how many went in. */
  async drawNumbers(tx: RequestContext, numbers: string[], b: VoucherBatch): Promise<number> {
    const rows = await queryRows<{ id: string }>(this.connection.manager(tx), SQL.drawNumbers, [
      numbers,
      b.id,
      b.kind,
      b.faceValue,
      b.minSpend,
      b.validFrom,
      b.validTo,
      b.storeIds,
      b.percent,
      b.offlineRedeemable,
      b.soldAtTill ? '0' : b.faceValue,
      b.soldAtTill ? 'unsold' : 'active',
    ]);
    return rows.length;
  }

  /** One `issue` ledger row per voucher of the batch: its face value. */
  async issueLedger(tx: RequestContext, batchId: string, batchNo: string, username: string): Promise<void> {
    await queryRows(this.connection.manager(tx), SQL.issueLedger, [batchId, batchNo, username]);
  }

  figures(ctx: RequestContext, batchIds: string[]): Promise<VoucherBatchFiguresRow[]> {
    return queryRows<VoucherBatchFiguresRow>(this.connection.manager(ctx), SQL.figures, [batchIds]);
  }

  /** A voucher's ledger, oldest first. */
  ledger(ctx: RequestContext, voucherId: string): Promise<VoucherLedgerRowDto[]> {
    return queryRows<VoucherLedgerRowDto>(this.connection.manager(ctx), SQL.ledger, [voucherId]);
  }

  async batchNos(ctx: RequestContext, ids: string[]): Promise<Map<string, string>> {
    const rows = await queryRows<{ id: string; batch_no: string }>(this.connection.manager(ctx), SQL.batchNos, [[...new Set(ids)]]);
    return new Map(rows.map((r) => [r.id, r.batch_no]));
  }

  /**
   * The numbers a void takes (the batch's, or its one `number`), locked first and then read: under
   * READ COMMITTED a statement that waited for a lock keeps its old snapshot for a subquery, so a
   * redemption committed meanwhile would be missed.
   */
  async lockVoidTargets(tx: RequestContext, batchId: string, number: string | null, soldAtTill: boolean): Promise<VoucherVoidTargetRow[]> {
    const m = this.connection.manager(tx);
    await queryRows(m, SQL.lockForVoid, [batchId, number]);
    return queryRows<VoucherVoidTargetRow>(m, SQL.voidTargets, [batchId, number, soldAtTill]);
  }

  /** The numbers to `void`, each with a `void` ledger row taking what was left. */
  async voidNumbers(tx: RequestContext, ids: string[], voidId: string, voidNo: string, username: string): Promise<void> {
    const m = this.connection.manager(tx);
    await queryRows(m, SQL.voidLedger, [ids, voidId, voidNo, username]);
    await queryRows(m, SQL.voidNumbers, [ids]);
  }

  /** Whether the batch's gift cards are sold at the till; null: no such batch. */
  async soldAtTill(tx: RequestContext, batchId: string): Promise<boolean | null> {
    const [batch] = await queryRows<{ sold_at_till: boolean }>(this.connection.manager(tx), SQL.soldAtTill, [batchId]);
    return batch ? batch.sold_at_till : null;
  }

  /** Holds the voucher's row for the transaction (a change still open on it is waited for). */
  async lockNumber(tx: RequestContext, number: string): Promise<void> {
    await queryRows(this.connection.manager(tx), SQL.lockNumber, [number]);
  }

  /** Whether the number has a ledger row of one of `kinds` for the document `refId`. */
  async hasRow(ctx: RequestContext, number: string, refId: string, kinds: VoucherLedgerKind[]): Promise<boolean> {
    return (await queryRows(this.connection.manager(ctx), SQL.hasRow, [number, refId, kinds])).length > 0;
  }

  async setBalance(tx: RequestContext, id: string, balance: string, state: VoucherState): Promise<void> {
    await queryRows(this.connection.manager(tx), SQL.setBalance, [id, balance, state]);
  }

  /** What refunds of the sale gave back onto the voucher so far. */
  async givenBack(tx: RequestContext, voucherId: string, saleId: string): Promise<string> {
    const [r] = await queryRows<{ amount: string }>(this.connection.manager(tx), SQL.givenBack, [voucherId, saleId]);
    return r.amount;
  }
}
