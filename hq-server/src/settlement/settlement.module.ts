import { Module } from '@nestjs/common';
import { AllocationService } from './allocation.service';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import {
  CustomerReceiptController,
  LedgerController,
  StatementController,
  StorePaymentController,
  StoreSettlementController,
  SupplierPaymentController,
  SupplierSettlementController,
} from './settlement.controller';
import { SettlementPaymentService } from './settlement-payment.service';
import { SettlementReportsService } from './settlement-reports.service';
import { SettlementDocumentsRepository } from './settlement-documents.repository';
import { SettlementRepository } from './settlement.repository';
import { StatementService } from './statement.service';
import { StoreSettlementService } from './store-settlement.service';
import { SupplierSettlementService } from './supplier-settlement.service';

/**
 * 结算 at HQ: the receivables/payables ledger, payments and allocations, statements, supplier
 * payables (经销 from purchasing, 代销/联营 from sales), store settlement (transfers, stored value).
 * Purchasing, replenishment and wholesale book their documents through the exported services.
 */
@Module({
  controllers: [
    CustomerReceiptController,
    StorePaymentController,
    SupplierPaymentController,
    LedgerController,
    StatementController,
    SupplierSettlementController,
    StoreSettlementController,
  ],
  providers: [
    LedgerRepository,
    LedgerService,
    SettlementRepository,
    SettlementDocumentsRepository,
    SettlementPaymentService,
    AllocationService,
    StatementService,
    SettlementReportsService,
    SupplierSettlementService,
    StoreSettlementService,
  ],
  exports: [LedgerService, SettlementRepository, SupplierSettlementService, StoreSettlementService],
})
export class SettlementModule {}
