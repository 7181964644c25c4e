import { Injectable, OnModuleInit } from '@nestjs/common';
import { PosGiftCardSaleDoc, PosRefundDoc, PosSaleDoc, PosShiftReportDoc, PosTopUpDoc, RequestContext } from '@chain-erp/shared';
import { PushHandlerRegistry } from '../transfer/push-handlers';
import { PosInboxService } from './pos-inbox.service';

/**
 * The store → HQ POS streams: a pushed sale, refund, top-up or shift report is stored durably by the
 * transfer inbox first, then applied here (in the inbox job) — idempotent by the document's UUID.
 */
function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(x);
  }
  return out;
}

@Injectable()
export class PosPushHandlers implements OnModuleInit {
  constructor(
    private readonly registry: PushHandlerRegistry,
    private readonly inbox: PosInboxService,
  ) {}

  onModuleInit(): void {
    // the inbox hands each body as its DTO, checked once when the push was received: no second parse
    this.registry.register<PosSaleDoc>({
      stream: 'pos.sale',
      dto: PosSaleDoc,
      storeCodeOf: (b) => b.storeCode,
      process: async (ctx: RequestContext, r) => void (await this.inbox.applySale(ctx, r.storeId, r.body)),
      // a store's backlog of sales in a few statements; any fault and the job goes one by one
      processBatch: async (ctx: RequestContext, records) => {
        for (const [storeId, group] of groupBy(records, (r) => r.storeId))
          await this.inbox.applySales(
            ctx,
            storeId,
            group.map((r) => r.body),
          );
      },
    });
    this.registry.register<PosRefundDoc>({
      stream: 'pos.refund',
      dto: PosRefundDoc,
      storeCodeOf: (b) => b.storeCode,
      process: async (ctx: RequestContext, r) => void (await this.inbox.applyRefund(ctx, r.storeId, r.body)),
    });
    this.registry.register<PosTopUpDoc>({
      stream: 'pos.top-up',
      dto: PosTopUpDoc,
      storeCodeOf: (b) => b.storeCode,
      process: async (ctx: RequestContext, r) => void (await this.inbox.applyTopUp(ctx, r.storeId, r.body)),
    });
    this.registry.register<PosGiftCardSaleDoc>({
      stream: 'pos.gift-card-sale',
      dto: PosGiftCardSaleDoc,
      storeCodeOf: (b) => b.storeCode,
      process: async (ctx: RequestContext, r) => void (await this.inbox.applyGiftCardSale(ctx, r.storeId, r.body)),
    });
    this.registry.register<PosShiftReportDoc>({
      stream: 'pos.shift-report',
      dto: PosShiftReportDoc,
      storeCodeOf: (b) => b.storeCode,
      process: async (ctx: RequestContext, r) => void (await this.inbox.applyShiftReport(ctx, r.storeId, r.body)),
    });
  }
}
