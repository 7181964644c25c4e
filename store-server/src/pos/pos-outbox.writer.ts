import { PosStream, RequestContext } from '@chain-erp/shared';

/**
 * Where POS documents wait for HQ. Called inside the document's transaction, so a sale and its
 * outbox row commit together or not at all. The transfer engine (branch `transfer`) owns the real
 * outbox; `TableOutboxWriter` is the stand-in the lead swaps for it when merging.
 */
export abstract class PosOutboxWriter {
  abstract enqueue(ctx: RequestContext, stream: PosStream, recordId: string, body: object): Promise<void>;
}
