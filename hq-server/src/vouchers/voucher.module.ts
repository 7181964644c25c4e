import { Module } from '@nestjs/common';
import { HqTransferModule } from '../transfer/hq-transfer.module';
import { VoucherBatchService } from './voucher-batch.service';
import { VoucherChannelController, VoucherController } from './voucher.controller';
import { VoucherLedgerService } from './voucher-ledger.service';
import { VoucherPushHandlers } from './voucher-push.handler';

/** 代金券 / 礼品卡 at HQ: batches (the issue document), look-up, and the signed store channel. */
@Module({
  imports: [HqTransferModule],
  controllers: [VoucherController, VoucherChannelController],
  providers: [VoucherBatchService, VoucherLedgerService, VoucherPushHandlers],
})
export class VoucherModule {}
