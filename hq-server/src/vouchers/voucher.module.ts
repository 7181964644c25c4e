import { Module } from '@nestjs/common';
import { HqTransferModule } from '../transfer/hq-transfer.module';
import { VoucherBatchService } from './voucher-batch.service';
import { VoucherChannelController, VoucherController } from './voucher.controller';
import { VoucherLedgerService } from './voucher-ledger.service';
import { VoucherPushHandlers } from './voucher-push.handler';
import { VoucherExceptionController, VoucherExceptionService } from './voucher-exception.service';

/** 代金券 / 礼品卡 at HQ: batches (the issue document), look-up, the signed store channel, offline redemptions and 代金券异常. */
@Module({
  imports: [HqTransferModule],
  controllers: [VoucherExceptionController, VoucherController, VoucherChannelController],
  providers: [VoucherBatchService, VoucherLedgerService, VoucherPushHandlers, VoucherExceptionService],
})
export class VoucherModule {}
