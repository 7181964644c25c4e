import { Module } from '@nestjs/common';
import { SettlementModule } from '../settlement/settlement.module';
import { CustomerPriceService } from './customer-price.service';
import { WholesaleDeliveryService } from './wholesale-delivery.service';
import { WholesaleDocumentsService } from './wholesale-documents.service';
import { WholesaleOrderService } from './wholesale-order.service';
import { WholesalePriceService } from './wholesale-price.service';
import { WholesaleReturnService } from './wholesale-return.service';
import { WholesaleSupport } from './wholesale-support.service';
import { WholesaleRepository } from './wholesale.repository';
import { WholesaleDeliveryController, WholesaleOrderController, WholesalePriceController, WholesaleReturnController } from './wholesale.controller';

/**
 * 批发 at HQ: orders with the credit check, deliveries and returns through StockService, contract
 * prices; receivables go into the settlement ledger (SettlementModule), where customers pay.
 */
@Module({
  imports: [SettlementModule],
  controllers: [WholesaleOrderController, WholesaleDeliveryController, WholesaleReturnController, WholesalePriceController],
  providers: [
    WholesaleRepository,
    WholesaleSupport,
    WholesalePriceService,
    WholesaleOrderService,
    WholesaleDeliveryService,
    WholesaleReturnService,
    WholesaleDocumentsService,
    CustomerPriceService,
  ],
})
export class WholesaleModule {}
