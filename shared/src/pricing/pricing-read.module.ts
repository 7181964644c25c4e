import { Module } from '@nestjs/common';
import { PriceHistoryController, PriceHistoryService } from './price-history.service';
import { PromotionReportController, PromotionReportService } from './promotion-report.service';
import { PriceHistoryRepository } from './price-history.repository';
import { ReportRepository } from '../reports/report.repository';

/** 价格历史 and 促销分析 on both servers (HQ over every store, a store over its own). */
@Module({ controllers: [PriceHistoryController, PromotionReportController], providers: [PriceHistoryService, PriceHistoryRepository, PromotionReportService, ReportRepository] })
export class PricingReadModule {}
