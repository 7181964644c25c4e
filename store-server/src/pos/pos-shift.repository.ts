import { Injectable } from '@nestjs/common';
import { defineSort, Page, paginate, type PaymentMethodType, queryRows, RequestContext, ShiftTender, sqlStatements, TransactionalConnection } from '@chain-erp/shared';
import { ShiftQueryDto } from './pos.dto';
import { PosShift } from './pos-store.entity';

export const SHIFT_SORT = defineSort({ openedAt: 's.opened_at', tillCode: 's.till_code', shiftNo: 's.shift_no' }, '-openedAt');

/** One payment method's takings of a kind over a shift (sums as text). */
export interface TakingsRow {
  kind: 'sale' | 'refund' | 'top_up' | 'gift_card';
  payment_method_id: string;
  method_code: string;
  method_name: string;
  method_type: PaymentMethodType;
  amount: string;
}

/** A shift's documents counted and summed per kind (sums as text). */
export interface ShiftCountsRow {
  sales: number;
  sales_total: string;
  refunds: number;
  refunds_total: string;
  top_ups: number;
  top_ups_total: string;
  gift_cards: number;
  gift_cards_total: string;
}

/** a top-up's amount as money in the drawer: a reversal gives it back */
const SIGNED_TOP_UP = `CASE WHEN t.kind = 'reversal' THEN -t.amount ELSE t.amount END`;

const SQL = sqlStatements(
  'pos.shift',
  {
    takings: `SELECT 'sale' AS kind, p.payment_method_id, min(p.method_code) AS method_code, min(p.method_name) AS method_name, min(p.method_type) AS method_type, sum(p.amount)::text AS amount
         FROM pos_sale_payment p JOIN pos_sale s ON s.id = p.sale_id WHERE s.shift_id = $1 GROUP BY p.payment_method_id
       UNION ALL
       SELECT 'refund', p.payment_method_id, min(p.method_code), min(p.method_name), min(p.method_type), sum(p.amount)::text
         FROM pos_refund_payment p JOIN pos_refund r ON r.id = p.refund_id WHERE r.shift_id = $1 GROUP BY p.payment_method_id
       UNION ALL
       SELECT 'top_up', t.payment_method_id, min(t.method_code), min(t.method_name), min(t.method_type), sum(${SIGNED_TOP_UP})::text
         FROM pos_top_up t WHERE t.shift_id = $1 GROUP BY t.payment_method_id
       UNION ALL
       SELECT 'gift_card', g.payment_method_id, min(g.method_code), min(g.method_name), min(g.method_type), sum(g.amount)::text
         FROM pos_gift_card_sale g WHERE g.shift_id = $1 GROUP BY g.payment_method_id`,
    counts: `SELECT (SELECT count(*)::int FROM pos_sale WHERE shift_id = $1) AS sales, (SELECT coalesce(sum(total_amount), 0)::text FROM pos_sale WHERE shift_id = $1) AS sales_total,
              (SELECT count(*)::int FROM pos_refund WHERE shift_id = $1) AS refunds, (SELECT coalesce(sum(total_amount), 0)::text FROM pos_refund WHERE shift_id = $1) AS refunds_total,
              (SELECT count(*)::int FROM pos_top_up t WHERE shift_id = $1) AS top_ups, (SELECT coalesce(sum(${SIGNED_TOP_UP}), 0)::text FROM pos_top_up t WHERE shift_id = $1) AS top_ups_total,
              (SELECT count(*)::int FROM pos_gift_card_sale WHERE shift_id = $1) AS gift_cards, (SELECT coalesce(sum(amount), 0)::text FROM pos_gift_card_sale WHERE shift_id = $1) AS gift_cards_total`,
    cashMethod: `SELECT id, code, name FROM payment_method WHERE type = 'cash' AND status = 'active' ORDER BY sort_order, code LIMIT 1`,
    ofDay: 'SELECT id FROM pos_shift WHERE store_id = $1 AND business_date = $2 ORDER BY opened_at',
    reportTenders: 'SELECT id, tenders FROM pos_shift_report WHERE id = ANY($1::uuid[])',
  },
  ['store'],
);

/** SQL of 开始营业 / 交班 and 收银对账: a shift's takings, the day's shifts, the handed-over counts. */
@Injectable()
export class PosShiftRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** A page of the store's shifts (a TypeORM list: its filters compose per request). */
  list(ctx: RequestContext, storeId: string, q: ShiftQueryDto): Promise<Page<PosShift>> {
    const qb = this.connection.repo(ctx, PosShift).createQueryBuilder('s').where('s.store_id = :storeId', { storeId });
    if (q.date) qb.andWhere('s.business_date = :d', { d: q.date });
    if (q.tillCode) qb.andWhere('s.till_code = :t', { t: q.tillCode.toUpperCase() });
    if (q.status) qb.andWhere('s.status = :st', { st: q.status });
    return paginate(qb, q, SHIFT_SORT);
  }

  /** What the shift took per kind and payment method: sales, refunds, top-ups (less reversals), gift cards sold. */
  takings(ctx: RequestContext, shiftId: string): Promise<TakingsRow[]> {
    return queryRows<TakingsRow>(this.connection.manager(ctx), SQL.takings, [shiftId]);
  }

  /** The shift's documents counted and summed per kind. */
  async counts(ctx: RequestContext, shiftId: string): Promise<ShiftCountsRow> {
    const [row] = await queryRows<ShiftCountsRow>(this.connection.manager(ctx), SQL.counts, [shiftId]);
    return row;
  }

  /** The chain's first active cash method (where the float goes when no cash was taken). */
  async cashMethod(ctx: RequestContext): Promise<{ id: string; code: string; name: string } | undefined> {
    const [row] = await queryRows<{ id: string; code: string; name: string }>(this.connection.manager(ctx), SQL.cashMethod);
    return row;
  }

  /** The store's shifts of a business day, in the order they opened. */
  ofDay(ctx: RequestContext, storeId: string, date: string): Promise<Array<{ id: string }>> {
    return queryRows<{ id: string }>(this.connection.manager(ctx), SQL.ofDay, [storeId, date]);
  }

  /** The counted tenders of the shifts handed over among `ids`. */
  reportTenders(ctx: RequestContext, ids: string[]): Promise<Array<{ id: string; tenders: ShiftTender[] }>> {
    return queryRows<{ id: string; tenders: ShiftTender[] }>(this.connection.manager(ctx), SQL.reportTenders, [ids]);
  }
}
