import { Module } from '@nestjs/common';
import { PosJournalController, PosJournalService } from '@chain-erp/shared';
import {
  PosReconciliationController,
  PosRefundController,
  PosSaleController,
  PosSettingsController,
  PosShiftController,
  PosTillController,
  PosTopUpController,
} from './pos.controller';
import { PosApprovalService } from './pos-approval.service';
import { PosPrinterService } from './printer/pos-printer.service';
import { PosCatalogRepository } from './pos-catalog.repository';
import { PosCatalogService } from './pos-catalog.service';
import { PosReceiptRepository } from './pos-receipt.repository';
import { PosRefundRepository } from './pos-refund.repository';
import { PosSettingsRepository } from './pos-settings.repository';
import { PosShiftRepository } from './pos-shift.repository';
import { PosTillCatalogRepository } from './pos-till-catalog.repository';
import { PosOutboxWriter } from './pos-outbox.writer';
import { PosReceiptService } from './pos-receipt.service';
import { PosRefundService } from './pos-refund.service';
import { PosPricingService } from './pos-pricing.service';
import { PosPromotionService } from './pos-promotion.service';
import { PosSaleRepository } from './pos-sale.repository';
import { PosSaleService } from './pos-sale.service';
import { PosSettingsService } from './pos-settings.service';
import { PosShiftService } from './pos-shift.service';
import { PosTillService } from './pos-till.service';
import { PosTopUpService } from './pos-top-up.service';
import { TransferOutboxWriter } from './transfer-outbox.writer';
import { StoreTransferModule } from '../transfer/store-transfer.module';
import { StoreMembershipModule } from '../membership/store-membership.module';
import { PosGiftCardController } from './pos-gift-card.controller';
import { PosGiftCardService } from './pos-gift-card.service';
import { TillValueDocumentWriter } from './till-value-document.writer';

/**
 * Store POS (零售收银): settings, shifts, sales, refunds, top-ups (充值单), receipts, reconciliation. Stock moves through
 * the global InventoryModule; documents for HQ go to the transfer outbox.
 */
@Module({
  imports: [StoreTransferModule, StoreMembershipModule],
  controllers: [
    PosSettingsController,
    PosTillController,
    PosShiftController,
    PosReconciliationController,
    PosSaleController,
    PosRefundController,
    PosTopUpController,
    PosGiftCardController,
    PosJournalController,
  ],
  providers: [
    { provide: PosOutboxWriter, useClass: TransferOutboxWriter },
    PosSettingsRepository,
    PosSettingsService,
    PosCatalogRepository,
    PosCatalogService,
    PosTillCatalogRepository,
    PosShiftRepository,
    PosShiftService,
    PosPricingService,
    PosPromotionService,
    PosSaleRepository,
    PosSaleService,
    PosRefundRepository,
    PosRefundService,
    PosTopUpService,
    PosGiftCardService,
    TillValueDocumentWriter,
    PosReceiptRepository,
    PosReceiptService,
    PosTillService,
    PosApprovalService,
    PosPrinterService,
    PosJournalService,
  ],
  exports: [PosSaleService, PosShiftService],
})
export class PosModule {}
