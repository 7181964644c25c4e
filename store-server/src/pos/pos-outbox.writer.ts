import { type PosStream, type RequestContext, type RowsOf } from '@chain-erp/shared';

/**
 * Where POS documents wait for HQ. Called inside the document's transaction, so a sale and its
 * outbox row commit together or not at all; `TransferOutboxWriter` puts them in the transfer
 * engine's outbox.
 */
export abstract class PosOutboxWriter {
  abstract enqueue(ctx: RequestContext, stream: PosStream, recordId: string, body: object): Promise<void>;
  /**
   * The outbox record as an `insertRows` part, for a document that writes it in a statement of its
   * own (the sale: with its stock); that statement must run inside the document's transaction.
   */
  abstract record(ctx: RequestContext, stream: PosStream, recordId: string, body: object): RowsOf;
}
