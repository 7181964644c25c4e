import { defineErrorCodes } from '../common/errors';

/** Codes of the transfer protocol, the opening wizard and store setup. Clients branch on these. */
export const TransferError = defineErrorCodes({
  TRANSFER_UNSIGNED: 401,
  TRANSFER_UNKNOWN_STORE: 401,
  TRANSFER_BAD_SIGNATURE: 401,
  TRANSFER_STALE_TIMESTAMP: 401,
  TRANSFER_REPLAYED_NONCE: 401,
  TRANSFER_KEY_EXPIRED: 401,
  TRANSFER_SETUP_CODE_INVALID: 401,
  TRANSFER_STORE_REVOKED: 403,
  TRANSFER_OTHER_STORE: 403,
  /** the source (address) is locked after failed signatures (details: lockedUntil, source) */
  TRANSFER_LOCKED: 423,
  TRANSFER_PROTOCOL_UNSUPPORTED: 426,
  TRANSFER_UNKNOWN_STREAM: 400,
  TRANSFER_PAGE_STALE: 409,
  /** a page from HQ the store cannot apply (details: stream, rowKey, cursor) */
  TRANSFER_APPLY_FAILED: 422,
  TRANSFER_HQ_UNREACHABLE: 502,
  TRANSFER_HQ_ERROR: 502,
  STORE_CODE_TAKEN: 409,
  STORE_NOT_A_STORE: 404,
  STORE_OPENING_INCOMPLETE: 400,
  STORE_NOT_INITIALISED: 409,
  STORE_ALREADY_INITIALISED: 409,
  STORE_SETUP_WAREHOUSE_UNKNOWN: 400,
  SYNC_ALREADY_RUNNING: 409,
  /** retry/discard of an inbox record that is not (or no longer) failed */
  TRANSFER_RECORD_NOT_FAILED: 409,
});
