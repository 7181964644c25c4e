import { Injectable } from '@nestjs/common';
import { AuditService, dec, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { PurchasingRepository } from './purchasing.repository';

/** 采购设置: approval thresholds and over-receipt tolerance of an org (HQ). */
export interface PurchasingSettings {
  /** order totals (tax included) above each threshold need one more approval level, ascending */
  approvalThresholds: string[];
  /** a line may be received up to ordered × (1 + tolerance / 100) without purchase.receipt.over-tolerance */
  overReceiptTolerancePercent: string;
}

export const DEFAULT_PURCHASING_SETTINGS: PurchasingSettings = { approvalThresholds: ['10000'], overReceiptTolerancePercent: '0' };

/**
 * Kept in org_settings.extra.purchasing (the settings document org_settings reserves for modules),
 * read live so a change applies to the next order without a restart.
 */
@Injectable()
export class PurchasingSettingsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
    private readonly sql: PurchasingRepository,
  ) {}

  async get(ctx: RequestContext): Promise<PurchasingSettings> {
    const s = (await this.sql.settings<PurchasingSettings>(ctx, ctx.user!.orgUnitId)) ?? {};
    return {
      approvalThresholds: Array.isArray(s.approvalThresholds) ? s.approvalThresholds.map(String) : DEFAULT_PURCHASING_SETTINGS.approvalThresholds,
      overReceiptTolerancePercent: s.overReceiptTolerancePercent !== undefined ? String(s.overReceiptTolerancePercent) : DEFAULT_PURCHASING_SETTINGS.overReceiptTolerancePercent,
    };
  }

  async update(ctx: RequestContext, input: PurchasingSettings): Promise<PurchasingSettings> {
    const next: PurchasingSettings = {
      approvalThresholds: [...new Set(input.approvalThresholds.map((t) => dec(t).toString()))].sort((a, b) => dec(a).comparedTo(dec(b))),
      overReceiptTolerancePercent: dec(input.overReceiptTolerancePercent).toString(),
    };
    return this.connection.withTransaction(ctx, async (tx) => {
      const before = await this.get(tx);
      await this.sql.saveSettings(tx, tx.user!.orgUnitId, next);
      await this.audit.record(tx, { entityType: 'purchasing_settings', entityId: tx.user!.orgUnitId, action: 'update', before, after: next });
      return next;
    });
  }
}
