import { Injectable } from '@nestjs/common';
import { queryRows, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { VoucherRedemption, VoucherReplica } from './store-voucher.entity';

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
    return this.connection.repo(ctx, VoucherRedemption).existsBy({ voucherId });
  }

  /** false when the voucher was used here already (the unique index decides). */
  async noteUse(tx: RequestContext, use: Omit<VoucherRedemption, 'id'>): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      this.connection.manager(tx),
      `INSERT INTO voucher_redemption (id, voucher_id, sale_id, amount, offline, redeemed_at) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)
       ON CONFLICT (voucher_id) DO NOTHING RETURNING id`,
      [use.voucherId, use.saleId, use.amount, use.offline, use.redeemedAt],
    );
    return rows.length === 1;
  }
}
