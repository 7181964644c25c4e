import { Module } from '@nestjs/common';
import { HqTransferModule } from '../transfer/hq-transfer.module';
import { VoucherBatchService } from './voucher-batch.service';
import { VoucherChannelController, VoucherController } from './voucher.controller';
import { VoucherLedgerService } from './voucher-ledger.service';
import { VoucherPushHandlers } from './voucher-push.handler';
import { VoucherVoidService } from './voucher-void.service';
import { VoucherReportController } from './voucher-report.controller';
import { VoucherReportService } from './voucher-report.service';
import { VoucherReportRepository } from './voucher-report.repository';
import { VoucherRepository } from './voucher.repository';
import { VoucherExceptionController, VoucherExceptionService } from './voucher-exception.service';
import { VoucherExceptionRepository } from './voucher-exception.repository';

/** 代金券 / 礼品卡 at HQ: batches (the issue document), look-up, the signed store channel, offline redemptions and 代金券异常. */
@Module({
  imports: [HqTransferModule],
  controllers: [VoucherExceptionController, VoucherController, VoucherChannelController, VoucherReportController],
  providers: [
    VoucherBatchService,
    VoucherLedgerService,
    VoucherVoidService,
    VoucherReportService,
    VoucherReportRepository,
    VoucherPushHandlers,
    VoucherExceptionService,
    VoucherExceptionRepository,
    VoucherRepository,
  ],
})
export class VoucherModule {}
