import { Module } from '@nestjs/common';
import { MemberReportsService } from './member-reports.service';
import { MemberReportsController, SalesReportsController, StockReportsController } from './reports.controller';
import { SalesReportsService } from './sales-reports.service';
import { StockReportsService } from './stock-reports.service';

/** The reports both servers serve (same code; scope decides what a caller sees). Needs InventoryModule. */
@Module({
  controllers: [SalesReportsController, StockReportsController, MemberReportsController],
  providers: [SalesReportsService, StockReportsService, MemberReportsService],
  exports: [SalesReportsService],
})
export class ReportsModule {}
