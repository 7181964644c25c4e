import { Injectable } from '@nestjs/common';
import { queryRows, RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';

/** What earlier refunds of a sale took back of one of its lines (sums as text). */
export interface RefundedLineRow {
  sale_line_id: string;
  quantity: string;
  amount: string;
}

const SQL = sqlStatements(
  'pos.refund',
  {
    refundedTotal: `SELECT coalesce(sum(total_amount), 0)::text AS amount FROM pos_refund WHERE sale_id = $1`,
    refundedByLine: `SELECT l.sale_line_id, sum(l.quantity)::text AS quantity, sum(l.amount)::text AS amount FROM pos_refund_line l JOIN pos_refund r ON r.id = l.refund_id
       WHERE r.sale_id = $1 GROUP BY l.sale_line_id`,
    refundedByMethod: `SELECT p.payment_method_id, sum(p.amount)::text AS amount FROM pos_refund_payment p JOIN pos_refund r ON r.id = p.refund_id WHERE r.sale_id = $1 GROUP BY 1`,
    refundedByMethodBefore: `SELECT coalesce(sum(p.amount), 0)::text AS amount FROM pos_refund_payment p JOIN pos_refund r ON r.id = p.refund_id WHERE r.sale_id = $1 AND p.payment_method_id = $2 AND r.id <> $3`,
  },
  ['store'],
);

/**
 * What earlier refunds of a sale gave back — in total, per sale line, per payment method — so a
 * refund never returns more than was sold. The callers hold the sale locked, so no refund of it runs meanwhile.
 */
@Injectable()
export class PosRefundRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** The money every refund of the sale gave back (also the promotion refund rule's "refunded before"). */
  async refundedTotal(ctx: RequestContext, saleId: string): Promise<string> {
    const [row] = await queryRows<{ amount: string }>(this.connection.manager(ctx), SQL.refundedTotal, [saleId]);
    return row.amount;
  }

  /** Quantity and money taken back per sale line. */
  refundedByLine(ctx: RequestContext, saleId: string): Promise<RefundedLineRow[]> {
    return queryRows<RefundedLineRow>(this.connection.manager(ctx), SQL.refundedByLine, [saleId]);
  }

  /** Money given back per payment method. */
  refundedByMethod(ctx: RequestContext, saleId: string): Promise<Array<{ payment_method_id: string; amount: string }>> {
    return queryRows<{ payment_method_id: string; amount: string }>(this.connection.manager(ctx), SQL.refundedByMethod, [saleId]);
  }

  /** Money given back by one payment method by the sale's refunds other than `refundId` (the one being written). */
  async refundedByMethodBefore(ctx: RequestContext, saleId: string, paymentMethodId: string, refundId: string): Promise<string> {
    const [row] = await queryRows<{ amount: string }>(this.connection.manager(ctx), SQL.refundedByMethodBefore, [saleId, paymentMethodId, refundId]);
    return row.amount;
  }
}
