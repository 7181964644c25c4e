import { LEDGER_REPORTS, LedgerReport } from './LedgerReport';

/** 结算管理 → 应收应付汇总 */
export default function Balances() {
  return <LedgerReport def={LEDGER_REPORTS.balances} />;
}
