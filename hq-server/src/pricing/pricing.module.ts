import { Module } from '@nestjs/common';
import { PricingReadModule } from '@chain-erp/shared';
import { PriceChangeController, PromotionController } from './pricing.controller';
import { PriceChangeService } from './price-change.service';
import { PromotionAdminService } from './promotion-admin.service';
import { PricingRepository } from './pricing.repository';

/** 调价单 and 促销 at HQ (docs/promotions.md); the stores receive them by sync. */
@Module({
  imports: [PricingReadModule],
  controllers: [PriceChangeController, PromotionController],
  providers: [PriceChangeService, PromotionAdminService, PricingRepository],
})
export class PricingModule {}
