import { Module } from '@nestjs/common';
import { MemberReportsService } from './member-reports.service';
import { MemberReportsController, SalesReportsController, StockReportsController } from './reports.controller';
import { ReportRepository } from './report.repository';
import { SalesReportsService } from './sales-reports.service';
import { StockReportsService } from './stock-reports.service';

/** The reports both servers serve (same code; scope decides what a caller sees). Needs InventoryModule. */
@Module({
  controllers: [SalesReportsController, StockReportsController, MemberReportsController],
  providers: [ReportRepository, SalesReportsService, StockReportsService, MemberReportsService],
  exports: [ReportRepository, SalesReportsService],
})
export class ReportsModule {}
