import { Injectable } from '@nestjs/common';
import { AuditService, CommonError, DomainException, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { PosReceiptRepository } from './pos-receipt.repository';
import { PosRefundService } from './pos-refund.service';
import { PosSaleService } from './pos-sale.service';
import { PosTopUpService } from './pos-top-up.service';
import { PosSettingsService, requireStore } from './pos-settings.service';
import { ReceiptPreviewDto, ReceiptSettingsDto } from './pos-settings.dto';
import { receiptText, refundReceipt, ReceiptJson, saleReceipt, sampleSale, topUpReceipt } from './receipt.renderer';

/**
 * Receipts. The first print of a document is free; every later one is a reprint (重打): it needs
 * pos.reprint, says so on the paper, and is recorded in the audit trail.
 */
@Injectable()
export class PosReceiptService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly settings: PosSettingsService,
    private readonly sales: PosSaleService,
    private readonly refunds: PosRefundService,
    private readonly topUps: PosTopUpService,
    private readonly audit: AuditService,
    private readonly repo: PosReceiptRepository,
  ) {}

  async sale(ctx: RequestContext, id: string, format: 'text' | 'json') {
    const sale = await this.sales.get(ctx, id);
    return this.print(ctx, 'pos_sale', id, format, (s, name, reprint) => saleReceipt(sale, s, name, reprint));
  }

  async refund(ctx: RequestContext, id: string, format: 'text' | 'json') {
    const refund = await this.refunds.get(ctx, id);
    return this.print(ctx, 'pos_refund', id, format, (s, name, reprint) => refundReceipt(refund, s, name, reprint));
  }

  async topUp(ctx: RequestContext, id: string, format: 'text' | 'json') {
    const topUp = await this.topUps.get(ctx, id);
    return this.print(ctx, 'pos_top_up', id, format, (s, name, reprint) => topUpReceipt(topUp, s, name, reprint));
  }

  /**
   * 小票设置's live preview: a sample sale rendered by the same renderer the till prints with, under
   * the receipt settings being edited (not saved), with this store's name.
   */
  async preview(ctx: RequestContext, receipt: ReceiptSettingsDto): Promise<ReceiptPreviewDto> {
    const storeId = requireStore(ctx);
    const storeName = await this.repo.storeName(ctx, storeId);
    const r = saleReceipt(sampleSale(ctx.user?.username ?? '收银员'), receipt, storeName ?? ctx.user!.orgUnitCode, false);
    return { width: receipt.width, text: receiptText(r, receipt.width) };
  }

  private async print(
    ctx: RequestContext,
    entityType: string,
    id: string,
    format: 'text' | 'json',
    build: (s: Awaited<ReturnType<PosSettingsService['effective']>>['receipt'], storeName: string, reprint: boolean) => ReceiptJson,
  ) {
    const storeId = requireStore(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      // serialises prints of one document, so two at once cannot both be "the first"
      await this.repo.lockPrints(tx, id);
      const reprint = await this.repo.printed(tx, entityType, id);
      if (reprint && !tx.can('pos.reprint')) throw new DomainException(CommonError.PERMISSION_DENIED, 'reprinting a receipt needs pos.reprint / 重打小票需要授权');
      const storeName = await this.repo.storeName(tx, storeId);
      const settings = await this.settings.effective(tx, storeId);
      await this.audit.record(tx, { entityType, entityId: id, action: reprint ? 'reprint' : 'print' });
      const r = build(settings.receipt, storeName ?? tx.user!.orgUnitCode, reprint);
      return format === 'text' ? receiptText(r, settings.receipt.width) : { ...r, width: settings.receipt.width, text: receiptText(r, settings.receipt.width) };
    });
  }
}
