import { Injectable, OnModuleInit } from '@nestjs/common';
import { AlertRow, RequestContext, STOCK_ALERTS_PER_RECORD, StockAlertService } from '@chain-erp/shared';
import { StoreOutboxService } from './store-outbox.service';
import { StoreSetupService } from './store-setup.service';

/**
 * Sends the store's recorded 库存预警 to HQ: each recording (the daily inventory.alerts job, or
 * POST /api/inventory/alerts/record) goes into the outbox in the recording's own transaction, in
 * parts of STOCK_ALERTS_PER_RECORD. An empty day is sent too: it clears what HQ held for that day.
 */
@Injectable()
export class StockAlertOutbox implements OnModuleInit {
  constructor(
    private readonly alerts: StockAlertService,
    private readonly outbox: StoreOutboxService,
    private readonly setup: StoreSetupService,
  ) {}

  onModuleInit(): void {
    this.alerts.onRecorded((ctx, day) => this.enqueue(ctx, day));
  }

  private async enqueue(ctx: RequestContext, day: { date: string; recordedAt: Date; alerts: AlertRow[] }): Promise<void> {
    const link = await this.setup.link(ctx);
    if (!link) return; // not set up: there is no HQ to tell yet
    const parts = Math.max(1, Math.ceil(day.alerts.length / STOCK_ALERTS_PER_RECORD));
    for (let part = 1; part <= parts; part++) {
      const slice = day.alerts.slice((part - 1) * STOCK_ALERTS_PER_RECORD, part * STOCK_ALERTS_PER_RECORD);
      await this.outbox.enqueue(ctx, 'inventory.stock-alert', {
        storeCode: link.storeCode,
        alertDate: day.date,
        recordedAt: day.recordedAt.toISOString(),
        part,
        parts,
        alerts: slice.map((a) => ({
          warehouseId: a.warehouseId,
          productId: a.productId,
          batchNo: a.batchNo,
          kind: a.kind,
          qty: a.qty,
          threshold: a.threshold,
          expiryDate: a.expiryDate,
        })),
      });
    }
  }
}
