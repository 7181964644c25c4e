import { Module } from '@nestjs/common';
import { PosJournalController, PosJournalService, StockService } from '@chain-erp/shared';
import { PosReconciliationController, PosRefundController, PosSaleController, PosSettingsController, PosShiftController, PosTillController } from './pos.controllers';
import { PosCatalogService } from './pos-catalog.service';
import { PosOutboxWriter } from './pos-outbox.writer';
import { PosReceiptService } from './pos-receipt.service';
import { PosRefundService } from './pos-refund.service';
import { PosSaleService } from './pos-sale.service';
import { PosSettingsService } from './pos-settings.service';
import { PosShiftService } from './pos-shift.service';
import { PosTillService } from './pos-till.service';
import { TableOutboxWriter } from './table-outbox.writer';

/**
 * Store POS (零售收银): settings, shifts, sales, refunds, receipts, reconciliation. StockService is
 * provided here until an InventoryModule exports it (then import that module instead).
 */
@Module({
  controllers: [PosSettingsController, PosTillController, PosShiftController, PosReconciliationController, PosSaleController, PosRefundController, PosJournalController],
  providers: [
    StockService,
    { provide: PosOutboxWriter, useClass: TableOutboxWriter },
    PosSettingsService,
    PosCatalogService,
    PosShiftService,
    PosSaleService,
    PosRefundService,
    PosReceiptService,
    PosTillService,
    PosJournalService,
  ],
  exports: [PosSaleService, PosShiftService],
})
export class PosModule {}
