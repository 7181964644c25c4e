import { defineErrorCodes } from '../common/errors';

export const InventoryError = defineErrorCodes({
  /** an outbound would take stock below zero where negative stock is not allowed; details carry the product and what is available */
  STOCK_INSUFFICIENT: 409,
  /** a prepared stock plan's balance rows were written after it was prepared (another plan or post of the same keys in its transaction): nothing is kept, run it again */
  STOCK_PLAN_STALE: 409,
  STOCK_UNKNOWN_PRODUCT: 400,
  STOCK_UNKNOWN_WAREHOUSE: 400,
  STOCK_WAREHOUSE_DISABLED: 409,
  STOCK_WAREHOUSE_NOT_LOCAL: 400,
  STOCK_INVALID_MOVEMENT: 400,
  STOCK_BATCH_REQUIRED: 400,
  STOCK_BATCH_NOT_MANAGED: 400,
  STOCK_UNKNOWN_BATCH: 409,
  STOCK_UNKNOWN_REASON: 400,
  STOCK_DOCUMENT_ALREADY_REVERSED: 409,
  STOCK_WAREHOUSE_CODE_TAKEN: 409,
  STOCK_WAREHOUSE_IN_TRANSIT_EXISTS: 409,
  STOCK_WAREHOUSE_HAS_STOCK: 409,
  STOCK_COUNT_OPEN: 409,
  STOCK_COUNT_PRODUCT_OUTSIDE: 400,
  STOCK_SHEET_INVALID: 400,
});
