import { applyDecorators, type Type } from '@nestjs/common';
import { ApiJsonOrFileResponse, ApiSort, ListOf, type Row, type SortSpec } from '@chain-erp/shared';
import {
  AGEING_DUE_SORT,
  AGEING_SORT,
  BALANCE_SORT,
  DUE_SORT,
  type ListRows,
  OPEN_ITEM_SORT,
  PAID_SORT,
  PAYMENT_SORT,
  STATEMENT_SORT,
  STORE_TERMS_SORT,
  STORED_VALUE_SETTLEMENT_SORT,
  SUPPLIER_SETTLEMENT_SORT,
} from './settlement.repository';
import {
  AgeingRow,
  AgeingTotals,
  DueItemRow,
  DueItemTotals,
  PaidRow,
  PaidTotals,
  PartyBalanceRow,
  PartyBalanceTotals,
  PaymentRow,
  PaymentTotals,
  SettlementItemRow,
  SettlementItemTotals,
  StatementRow,
  StoredValueSettlementRow,
  StoredValueSettlementTotals,
  StoreTermsRow,
  SupplierSettlementRow,
  SupplierSettlementTotals,
} from './settlement.responses';

/** A settlement list: its row and 合计 classes (the contract) and the sort its SQL orders by. */
export interface SettlementList {
  row: Type;
  totals?: Type;
  sort: SortSpec | SortSpec[];
  /** when the sort keys depend on another parameter */
  note?: string;
}

/**
 * Each settlement list named once: the controller documents its answer and `sort` from here, the
 * repository types its rows by it (ListRowsOf).
 */
export const SETTLEMENT_LISTS = {
  payments: { row: PaymentRow, totals: PaymentTotals, sort: PAYMENT_SORT },
  items: { row: SettlementItemRow, totals: SettlementItemTotals, sort: OPEN_ITEM_SORT },
  balances: { row: PartyBalanceRow, totals: PartyBalanceTotals, sort: BALANCE_SORT },
  ageing: {
    row: AgeingRow,
    totals: AgeingTotals,
    sort: [AGEING_DUE_SORT, AGEING_SORT],
    note: 'the keys depend on `basis` (by due date also `notDue`); default `-total,partyCode`',
  },
  due: { row: DueItemRow, totals: DueItemTotals, sort: DUE_SORT },
  paid: { row: PaidRow, totals: PaidTotals, sort: PAID_SORT },
  statements: { row: StatementRow, sort: STATEMENT_SORT },
  supplierSettlements: { row: SupplierSettlementRow, totals: SupplierSettlementTotals, sort: SUPPLIER_SETTLEMENT_SORT },
  storeTerms: { row: StoreTermsRow, sort: STORE_TERMS_SORT },
  storedValueSettlements: { row: StoredValueSettlementRow, totals: StoredValueSettlementTotals, sort: STORED_VALUE_SETTLEMENT_SORT },
} as const satisfies Record<string, SettlementList>;

/** A list route's answer (JSON page with 合计, or the .xlsx) and its `sort` parameter. */
export const ApiSettlementList = (list: SettlementList) => applyDecorators(ApiJsonOrFileResponse(ListOf(list.row, list.totals)), ApiSort(list.sort, list.note));

type Lists = typeof SETTLEMENT_LISTS;
type TotalsOf<L> = L extends { totals: Type<infer T> } ? T & object : Row;
/** The rows the repository reads for a list (`Without`: columns the service adds after the query). */
export type ListRowsOf<K extends keyof Lists, Without extends string = never> = ListRows<Omit<InstanceType<Lists[K]['row']>, Without>, TotalsOf<Lists[K]>>;
