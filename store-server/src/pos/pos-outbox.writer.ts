import { PosStream, RequestContext, RowsOf } from '@chain-erp/shared';

/**
 * Where POS documents wait for HQ. Called inside the document's transaction, so a sale and its
 * outbox row commit together or not at all; `TransferOutboxWriter` puts them in the transfer
 * engine's outbox.
 */
export abstract class PosOutboxWriter {
  abstract enqueue(ctx: RequestContext, stream: PosStream, recordId: string, body: object): Promise<void>;
  /** The document's own rows (`insertRows` parts) and its outbox record, in one statement. */
  abstract enqueueWith(ctx: RequestContext, rows: RowsOf[], stream: PosStream, recordId: string, body: object): Promise<void>;
}
