import { defineErrorCodes } from '../common/errors';

/** 代金券 / 礼品卡 codes on both servers; tills branch on these. */
export const VoucherError = defineErrorCodes({
  VOUCHER_NOT_FOUND: 404,
  VOUCHER_BATCH_NOT_FOUND: 404,
  VOUCHER_BATCH_INVALID: 400,
  /** not yet valid or past its validity */
  VOUCHER_EXPIRED: 409,
  VOUCHER_NOT_YET_VALID: 409,
  /** not valid at the store that asks */
  VOUCHER_WRONG_STORE: 409,
  /** a voucher already used (or a gift card at zero), or void */
  VOUCHER_ALREADY_USED: 409,
  VOUCHER_VOID: 409,
  VOUCHER_MIN_SPEND_NOT_MET: 409,
  VOUCHER_INSUFFICIENT_BALANCE: 409,
  /** a percent-off voucher (折扣券) asked to pay more than its percent of the sale */
  VOUCHER_PERCENT_EXCEEDED: 409,
  /** a redemption undone (its sale failed at the store): the sale id is dead for it */
  VOUCHER_REDEMPTION_REVERSED: 409,
  /** a refund names a sale this voucher did not pay, or asks more than it paid */
  VOUCHER_REFUND_NOT_PAID: 409,
  VOUCHER_REFUND_EXCEEDS_PAYMENT: 409,
  /** 礼品卡售卡: not a gift card of a batch sold at the till, one already sold, or the wrong amount */
  VOUCHER_NOT_FOR_SALE: 409,
  VOUCHER_ALREADY_SOLD: 409,
  VOUCHER_SALE_AMOUNT_MISMATCH: 409,
  /** a gift card of a till-sold batch that no till has sold yet: it holds nothing */
  VOUCHER_UNSOLD: 409,
  /** 作废: a batch or number with value a customer holds (redeemed or sold) is not voided */
  VOUCHER_VOID_REFUSED: 409,
  /** 代金券异常 处理: no such exception (or not one any more), or one already handled */
  VOUCHER_EXCEPTION_NOT_FOUND: 404,
  VOUCHER_EXCEPTION_RESOLVED: 409,
  /** HQ: a pushed 礼品卡售卡单 without its matching `sell` row in the voucher ledger */
  VOUCHER_SALE_UNMATCHED: 422,
  /** a till document of a gift-card sale that does not exist at this store */
  POS_GIFT_CARD_SALE_NOT_FOUND: 404,
  /** a tender of a voucher/gift-card method without its number, or of the wrong kind */
  POS_VOUCHER_TENDER_INVALID: 422,
});
