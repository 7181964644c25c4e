import { defineErrorCodes } from '../common/errors';

/** 调价 / 促销 error codes (HQ documents, both servers' read endpoints). */
export const PricingError = defineErrorCodes({
  PRICE_CHANGE_NOT_FOUND: 404,
  PROMOTION_NOT_FOUND: 404,
  /** a product, store or card type the document names does not exist (fields say which) */
  PRICING_UNKNOWN_REFERENCE: 422,
  PRICE_CHANGE_NO_LINES: 422,
});
