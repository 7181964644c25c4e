import { LEDGER_REPORTS, LedgerReport } from './LedgerReport';

/** 结算管理 → 到期清单 */
export default function Due() {
  return <LedgerReport def={LEDGER_REPORTS.due} />;
}
