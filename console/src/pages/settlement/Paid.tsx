import { LEDGER_REPORTS, LedgerReport } from './LedgerReport';

/** 结算管理 → 已收款/已付款 */
export default function Paid() {
  return <LedgerReport def={LEDGER_REPORTS.paid} />;
}
