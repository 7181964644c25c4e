import { defineErrorCodes } from '@chain-erp/shared';

export const SettlementError = defineErrorCodes({
  SETTLEMENT_UNKNOWN_PARTY: 400,
  SETTLEMENT_PARTY_DISABLED: 409,
  /** an allocation beyond what an item still has open, or to an item that is not an open item of the party */
  SETTLEMENT_ITEM_OVER_ALLOCATED: 409,
  /** allocations beyond the payment or credit */
  SETTLEMENT_OVER_ALLOCATION: 409,
  SETTLEMENT_NOT_A_CREDIT: 409,
  SETTLEMENT_NOTHING_TO_ALLOCATE: 409,
  SETTLEMENT_ALREADY_REVERSED: 409,
  SETTLEMENT_SELF_APPROVAL: 403,
  SETTLEMENT_DATE_INVALID: 400,
  SETTLEMENT_PERIOD_INVALID: 400,
  /** no item in the period and nothing owed either way: there is nothing to state */
  SETTLEMENT_STATEMENT_EMPTY: 409,
  /** a draft or sent statement of the party already covers part of the period */
  SETTLEMENT_STATEMENT_OVERLAP: 409,
  SETTLEMENT_MODE_MISMATCH: 409,
  SETTLEMENT_NOTHING_TO_SETTLE: 409,
  /** a settlement of the supplier covers part of the period but not exactly it */
  SETTLEMENT_PERIOD_OVERLAP: 409,
  SETTLEMENT_DRAFT_EXISTS: 409,
  SETTLEMENT_REASON_REQUIRED: 400,
});
