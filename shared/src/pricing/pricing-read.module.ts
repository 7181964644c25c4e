import { Module } from '@nestjs/common';
import { PriceHistoryController, PriceHistoryService } from './price-history.service';

/** 价格历史 on both servers (HQ over every store, a store over its replica). */
@Module({ controllers: [PriceHistoryController], providers: [PriceHistoryService] })
export class PricingReadModule {}
