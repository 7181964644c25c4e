import { defineErrorCodes } from '../common/errors';

/** Membership codes on both servers; clients (tills, the transfer tool) branch on these. */
export const MemberError = defineErrorCodes({
  MEMBER_CARD_NOT_FOUND: 404,
  MEMBER_NOT_FOUND: 404,
  MEMBER_CARD_TYPE_NOT_FOUND: 404,
  MEMBER_CARD_TYPE_CODE_TAKEN: 409,
  MEMBER_CARD_TYPE_DISABLED: 409,
  MEMBER_CARD_TYPE_INVALID: 400,
  MEMBER_BATCH_RANGE_OVERLAP: 409,
  MEMBER_CARD_NUMBER_TAKEN: 409,
  MEMBER_BATCH_INVALID: 400,
  MEMBER_STORE_INVALID: 400,
  MEMBER_STORE_REQUIRED: 400,
  MEMBER_CARD_NOT_OWNED: 409,
  MEMBER_CARD_ALREADY_ISSUED: 409,
  MEMBER_CARD_VOID: 409,
  MEMBER_CARD_NOT_ISSUED: 409,
  MEMBER_CARD_BLOCKED: 409,
  MEMBER_CARD_EXPIRED: 409,
  MEMBER_CARD_NOT_MOVABLE: 409,
  MEMBER_CARD_NOT_REPLACEABLE: 409,
  MEMBER_MOBILE_TAKEN: 409,
  MEMBER_STORED_VALUE_NOT_ALLOWED: 409,
  MEMBER_INSUFFICIENT_BALANCE: 409,
  MEMBER_INSUFFICIENT_POINTS: 409,
  MEMBER_HQ_ONLY: 403,
  MEMBER_CENTER_UNREACHABLE: 503,
  MEMBER_CENTER_NOT_CONFIGURED: 503,
  MEMBER_CENTER_REJECTED: 502,
  MEMBER_STORE_NOT_SET_UP: 409,
  MEMBER_CARD_MODE_MISMATCH: 409,
  MEMBER_PAYMENT_REVERSED: 409,
  /** points asked for a sale the ledger's side does not hold (made up, another store's, not yet received) */
  MEMBER_POINTS_SALE_UNKNOWN: 409,
  /** a refund's points asked for a refund the ledger's side does not hold */
  MEMBER_POINTS_REFUND_UNKNOWN: 409,
  /** the amount or card asked differs from what the document says */
  MEMBER_DOCUMENT_MISMATCH: 409,
  /** stored value back for a sale that charged nothing to this card at this store */
  MEMBER_REFUND_NOT_PAID: 409,
  /** more stored value back than the sale charged to the card, less earlier refunds */
  MEMBER_REFUND_EXCEEDS_PAYMENT: 409,
  /** a payment already refunded cannot be undone as if its sale had failed */
  MEMBER_PAYMENT_REFUNDED: 409,
  MEMBER_TOP_UP_NOT_FOUND: 404,
  MEMBER_TOP_UP_REVERSED: 409,
  /** HQ cannot change a 本店卡's balances: they live at its store */
  MEMBER_CARD_BALANCE_AT_STORE: 409,
  MEMBER_ADJUSTMENT_INVALID: 400,
  /** a pushed top-up document HQ's ledger does not match (chain cards are credited online first) */
  MEMBER_TOP_UP_UNMATCHED: 409,
});
