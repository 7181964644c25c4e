import { Module } from '@nestjs/common';
import { StockService } from '@chain-erp/shared';
import { CorrectionLogController, GoodsReceiptController } from './goods-receipt.controller';
import { GoodsReceiptService } from './goods-receipt.service';
import { PurchaseOrderController } from './purchase-order.controller';
import { PurchaseOrderService } from './purchase-order.service';
import { PurchaseReturnController } from './purchase-return.controller';
import { PurchaseReturnService } from './purchase-return.service';
import { PurchasingSettingsController } from './purchasing-settings.controller';
import { PurchasingSettingsService } from './purchasing-settings.service';
import { PurchasingSupport } from './purchasing-support.service';
import { PurchaseOrderSheetController, PurchasingReportsController } from './purchasing-reports.controller';
import { PurchasingReportsService } from './purchasing-reports.service';
import { PurchaseOrderSheetService } from './purchase-order-sheet.service';

/**
 * 采购管理 at HQ. StockService is provided here until an InventoryModule exports it (then import
 * that module instead and drop it from the providers).
 */
@Module({
  controllers: [PurchaseOrderController, GoodsReceiptController, CorrectionLogController, PurchaseReturnController, PurchasingSettingsController, PurchasingReportsController, PurchaseOrderSheetController],
  providers: [StockService, PurchasingSupport, PurchasingSettingsService, PurchaseOrderService, GoodsReceiptService, PurchaseReturnService, PurchasingReportsService, PurchaseOrderSheetService],
})
export class PurchasingModule {}
