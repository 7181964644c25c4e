import { Injectable, OnModuleInit } from '@nestjs/common';
import { instanceToPlain } from 'class-transformer';
import { PosRefundDoc, PosSaleDoc, PosShiftReportDoc, RequestContext } from '@chain-erp/shared';
import { InboxRecord, PushHandlerRegistry } from '../transfer/push-handlers';
import { PosInboxService } from './pos-inbox.service';

/**
 * The store → HQ POS streams: a pushed sale, refund or shift report is stored durably by the
 * transfer inbox first, then applied here (in the inbox job) — idempotent by the document's UUID.
 */
@Injectable()
export class PosPushHandlers implements OnModuleInit {
  constructor(
    private readonly registry: PushHandlerRegistry,
    private readonly inbox: PosInboxService,
  ) {}

  onModuleInit(): void {
    const body = (r: InboxRecord<object>) => instanceToPlain(r.body);
    this.registry.register<PosSaleDoc>({
      stream: 'pos.sale',
      dto: PosSaleDoc,
      storeCodeOf: (b) => b.storeCode,
      process: async (ctx: RequestContext, r) => void (await this.inbox.applySale(ctx, r.storeId, body(r))),
    });
    this.registry.register<PosRefundDoc>({
      stream: 'pos.refund',
      dto: PosRefundDoc,
      storeCodeOf: (b) => b.storeCode,
      process: async (ctx: RequestContext, r) => void (await this.inbox.applyRefund(ctx, r.storeId, body(r))),
    });
    this.registry.register<PosShiftReportDoc>({
      stream: 'pos.shift-report',
      dto: PosShiftReportDoc,
      storeCodeOf: (b) => b.storeCode,
      process: async (ctx: RequestContext, r) => void (await this.inbox.applyShiftReport(ctx, r.storeId, body(r))),
    });
  }
}
