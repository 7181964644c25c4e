import { LEDGER_REPORTS, LedgerReport } from './LedgerReport';

/** 结算管理 → 应收应付明细 */
export default function LedgerItems() {
  return <LedgerReport def={LEDGER_REPORTS.items} />;
}
