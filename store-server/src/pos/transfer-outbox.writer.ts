import { Injectable } from '@nestjs/common';
import { PosStream, RequestContext, RowsOf } from '@chain-erp/shared';
import { StoreOutboxService } from '../transfer/store-outbox.service';
import { PosOutboxWriter } from './pos-outbox.writer';

/** POS documents go to the transfer engine's outbox, in the document's own transaction. */
@Injectable()
export class TransferOutboxWriter extends PosOutboxWriter {
  constructor(private readonly outbox: StoreOutboxService) {
    super();
  }

  async enqueue(ctx: RequestContext, stream: PosStream, recordId: string, body: object): Promise<void> {
    if (!ctx.inTransaction) throw new Error('PosOutboxWriter.enqueue must run inside the document transaction');
    await this.outbox.enqueue(ctx, stream, body as Record<string, unknown>, recordId);
  }

  record(ctx: RequestContext, stream: PosStream, recordId: string, body: object): RowsOf {
    if (!ctx.inTransaction) throw new Error('PosOutboxWriter.record must be written inside the document transaction');
    return this.outbox.record(stream, body as Record<string, unknown>, recordId);
  }
}
