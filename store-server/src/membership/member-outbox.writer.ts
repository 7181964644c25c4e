import { RequestContext } from '@chain-erp/shared';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { StoreOutboxService } from '../transfer/store-outbox.service';

export const MemberStream = {
  CARD_ISSUE: 'member.card-issue',
  POINTS: 'member.points',
  /** a stored-value reversal HQ could not be told about at once (body = StoredValueReversalDto + storeId) */
  SV_REVERSAL: 'member.sv-reversal',
  /** points a refund takes back from a chain card (body = PointsRefundDto + storeId) */
  POINTS_REFUND: 'member.points-refund',
  /** a voucher / gift-card redemption HQ could not be told to undo at once (body = VoucherReversalDto + storeId) */
  VOUCHER_REVERSAL: 'voucher.reversal',
  /** a voucher redeemed against the store's replica while HQ was away (body = VoucherOfflineRedemptionRecord) */
  VOUCHER_REDEMPTION: 'voucher.redemption',
} as const;
export type MemberStream = (typeof MemberStream)[keyof typeof MemberStream];

/**
 * Membership's way to queue events for HQ, through the transfer engine's outbox. Writing the same
 * event id twice keeps the first: a retried till action queues once.
 */
@Injectable()
export class MemberOutboxWriter {
  constructor(private readonly outbox: StoreOutboxService) {}

  write(tx: RequestContext, event: { id: string; stream: MemberStream; body: Record<string, unknown> }): Promise<boolean> {
    return this.outbox.enqueueOnce(tx, event.stream, event.body, event.id);
  }
}

/**
 * A stable UUID for an event derived from another id (RFC 4122 name-based, SHA-1): the points of a
 * sale get their own outbox id, so the sale's UUID stays free for the sale's own push.
 */
export function derivedEventId(stream: string, key: string): string {
  const h = createHash('sha1').update(`${stream}:${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
