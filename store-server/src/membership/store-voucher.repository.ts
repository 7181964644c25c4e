import { Injectable } from '@nestjs/common';
import { queryRows, RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';
import { IsNull } from 'typeorm';
import { VoucherRedemption, VoucherReplica } from './store-voucher.entity';

const SQL = sqlStatements(
  'membership.store-voucher',
  {
    noteUse: `INSERT INTO voucher_redemption (id, voucher_id, sale_id, amount, offline, redeemed_at) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)
       ON CONFLICT (voucher_id) WHERE returned_at IS NULL DO NOTHING RETURNING id`,
    // the latest, given back or not: its record may still be on its way to HQ
    offlineUse: `SELECT sale_id AS "saleId", returned_by AS "returnedBy" FROM voucher_redemption WHERE voucher_id = $1 AND offline ORDER BY redeemed_at DESC LIMIT 1`,
    giveBack: `UPDATE voucher_redemption SET returned_at = $4, returned_by = $3 WHERE voucher_id = $1 AND sale_id = $2 AND returned_at IS NULL AND amount = $5::numeric RETURNING id`,
    unsent: `SELECT 1 FROM transfer_outbox WHERE id = $1 AND sent_at IS NULL`,
  },
  ['store'],
);

/** SQL of the store's voucher replica and its local uses. */
@Injectable()
export class StoreVoucherRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** An allocated voucher by its number's hash (locked for the sale's transaction when asked). */
  replica(ctx: RequestContext, numberHash: string, lock: boolean): Promise<VoucherReplica | null> {
    return this.connection
      .repo(ctx, VoucherReplica)
      .findOne({ where: { numberHash, offlineRedeemable: true, kind: 'voucher' }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  usedHere(ctx: RequestContext, voucherId: string): Promise<boolean> {
    return this.connection.repo(ctx, VoucherRedemption).existsBy({ voucherId, returnedAt: IsNull() });
  }

  /** Marks the sale's use of the voucher given back by a refund (the whole of it only); false when there is none to give back. */
  async giveBack(tx: RequestContext, voucherId: string, saleId: string, refundId: string, at: Date, amount: string): Promise<boolean> {
    return (await queryRows(this.connection.manager(tx), SQL.giveBack, [voucherId, saleId, refundId, at, amount])).length === 1;
  }

  /** false when the voucher was used here already (the unique index decides). */
  async noteUse(tx: RequestContext, use: Omit<VoucherRedemption, 'id'>): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(this.connection.manager(tx), SQL.noteUse, [use.voucherId, use.saleId, use.amount, use.offline, use.redeemedAt]);
    return rows.length === 1;
  }

  /** The sale that last redeemed this voucher here offline, if one did, and the refund that gave it back. */
  async offlineUse(ctx: RequestContext, voucherId: string): Promise<{ saleId: string; returnedBy: string | null } | null> {
    const [row] = await queryRows<{ saleId: string; returnedBy: string | null }>(this.connection.manager(ctx), SQL.offlineUse, [voucherId]);
    return row ?? null;
  }

  /** An outbox record not yet sent to HQ. */
  async unsent(ctx: RequestContext, outboxId: string): Promise<boolean> {
    return (await queryRows(this.connection.manager(ctx), SQL.unsent, [outboxId])).length === 1;
  }
}
