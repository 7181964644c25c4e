import { CardIssueRecord, PointsRecord, PointsRefundRecord, RequestContext, StoredValueReversalRecord } from '@chain-erp/shared';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { PushHandlerRegistry } from '../transfer/push-handlers';
import { MemberCenterService } from './member-center.service';

/**
 * The store → HQ membership streams, replayed at the member center in the inbox job: cards issued
 * at a till (idempotent by issueId), points of sales (idempotent by saleId) and those refunds take
 * back (idempotent by refundId), and
 * stored-value reversals a till could not deliver online (idempotent by paymentId).
 * A refusal (e.g. MEMBER_MOBILE_TAKEN: one mobile issued offline at two stores) marks the record
 * failed with its code for staff; it is not retried.
 */
@Injectable()
export class MemberPushHandlers implements OnModuleInit {
  constructor(
    private readonly registry: PushHandlerRegistry,
    private readonly center: MemberCenterService,
  ) {}

  onModuleInit(): void {
    this.registry.register<CardIssueRecord>({
      stream: 'member.card-issue',
      dto: CardIssueRecord,
      storeIdOf: (b) => b.storeId,
      process: async (ctx: RequestContext, r) => {
        const { issueId, cardNo, memberId, member, issuedAt } = r.body;
        await this.center.issueCard(ctx, r.storeId, { issueId, cardNo, memberId, member }, new Date(issuedAt));
      },
    });
    this.registry.register<PointsRecord>({
      stream: 'member.points',
      dto: PointsRecord,
      storeIdOf: (b) => b.storeId,
      process: async (ctx: RequestContext, r) => {
        const { saleId, cardNo, amount } = r.body;
        await this.center.earnPoints(ctx, r.storeId, { saleId, cardNo, amount });
      },
    });
    this.registry.register<PointsRefundRecord>({
      stream: 'member.points-refund',
      dto: PointsRefundRecord,
      storeIdOf: (b) => b.storeId,
      process: async (ctx: RequestContext, r) => {
        const { refundId, saleId, cardNo, amount, refundedBefore } = r.body;
        await this.center.refundPoints(ctx, r.storeId, { refundId, saleId, cardNo, amount, refundedBefore });
      },
    });
    this.registry.register<StoredValueReversalRecord>({
      stream: 'member.sv-reversal',
      dto: StoredValueReversalRecord,
      storeIdOf: (b) => b.storeId,
      process: async (ctx: RequestContext, r) => {
        const { paymentId, cardNo } = r.body;
        await this.center.reverseStoredValue(ctx, r.storeId, { paymentId, cardNo });
      },
    });
  }
}
