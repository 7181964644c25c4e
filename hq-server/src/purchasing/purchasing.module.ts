import { Module } from '@nestjs/common';
import { SettlementModule } from '../settlement/settlement.module';
import { CorrectionLogController, GoodsReceiptController } from './goods-receipt.controller';
import { GoodsReceiptService } from './goods-receipt.service';
import { PurchaseOrderController } from './purchase-order.controller';
import { PurchaseOrderService } from './purchase-order.service';
import { PurchaseReturnController } from './purchase-return.controller';
import { PurchaseReturnService } from './purchase-return.service';
import { PurchasingSettingsController } from './purchasing-settings.controller';
import { PurchasingSettingsService } from './purchasing-settings.service';
import { PurchasingRepository } from './purchasing.repository';
import { PurchasingSupport } from './purchasing-support.service';
import { PurchaseOrderSheetController, PurchasingReportsController } from './purchasing-reports.controller';
import { PurchasingReportsService } from './purchasing-reports.service';
import { PurchaseOrderSheetService } from './purchase-order-sheet.service';

/**
 * 采购管理 at HQ: purchase orders, goods receipts, corrections, returns, reports. Stock moves through
 * the global InventoryModule's StockService.
 */
@Module({
  imports: [SettlementModule],
  controllers: [
    PurchaseOrderController,
    GoodsReceiptController,
    CorrectionLogController,
    PurchaseReturnController,
    PurchasingSettingsController,
    PurchasingReportsController,
    PurchaseOrderSheetController,
  ],
  providers: [
    PurchasingRepository,
    PurchasingSupport,
    PurchasingSettingsService,
    PurchaseOrderService,
    GoodsReceiptService,
    PurchaseReturnService,
    PurchasingReportsService,
    PurchaseOrderSheetService,
  ],
})
export class PurchasingModule {}
