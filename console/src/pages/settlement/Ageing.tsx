import { LEDGER_REPORTS, LedgerReport } from './LedgerReport';

/** 结算管理 → 账龄 */
export default function Ageing() {
  return <LedgerReport def={LEDGER_REPORTS.ageing} />;
}
