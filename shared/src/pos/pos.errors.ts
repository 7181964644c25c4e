import { defineErrorCodes } from '../common/errors';

/** POS error codes (store till API and HQ inbox). Tills branch on these, never on the message. */
export const PosError = defineErrorCodes({
  POS_NO_WAREHOUSE: 409,
  POS_TILL_SHIFT_OPEN: 409,
  POS_SHIFT_NOT_OPEN: 409,
  POS_SHIFT_NOT_FOUND: 404,
  POS_SHIFT_OF_ANOTHER_CASHIER: 403,
  POS_UNKNOWN_PRODUCT: 422,
  POS_UNKNOWN_BARCODE: 422,
  POS_PRODUCT_NOT_SALEABLE: 422,
  POS_QUANTITY_NOT_WHOLE: 422,
  POS_EMPTY_SALE: 422,
  POS_PRICE_OVERRIDE_NOT_ALLOWED: 403,
  POS_DISCOUNT_NOT_ALLOWED: 403,
  POS_DISCOUNT_BEYOND_LIMIT: 403,
  POS_DISCOUNT_TOO_LARGE: 422,
  POS_VOID_NOT_ALLOWED: 403,
  POS_UNKNOWN_PAYMENT_METHOD: 422,
  POS_PAYMENT_METHOD_DISABLED: 422,
  POS_TENDER_SHORT: 422,
  POS_TENDER_OVERPAID: 422,
  POS_STORED_VALUE_OFFLINE: 422,
  POS_MEMBER_CARD_REQUIRED: 422,
  POS_SALE_NOT_FOUND: 404,
  POS_REFUND_EXCEEDS_SOLD: 422,
  POS_REFUND_LINE_UNKNOWN: 422,
  POS_REFUND_TENDER_INVALID: 422,
  POS_REFUND_NO_RECEIPT_FORBIDDEN: 403,
  POS_SETTINGS_INVALID: 400,
  POS_BODY_INVALID: 400,
  POS_STORE_MISMATCH: 403,
  /** a top-up is paid in money: not with stored value */
  POS_TOP_UP_TENDER_INVALID: 422,
  POS_TOP_UP_NOT_FOUND: 404,
  /** 外设设置 names no network receipt printer (the till prints from the browser then) */
  POS_PRINTER_NOT_CONFIGURED: 409,
  /** the network printer did not take the job (off, out of paper, wrong address) */
  POS_PRINTER_UNREACHABLE: 503,
  /** wrong manager username or password on the approval dialog (403, not 401: the cashier stays signed in) */
  POS_APPROVAL_CREDENTIALS_INVALID: 403,
  /** the manager who signed in does not hold the permission asked for, or is of another store */
  POS_APPROVER_NOT_ALLOWED: 403,
});
