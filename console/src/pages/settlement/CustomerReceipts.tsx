import { PaymentScreen } from './Payments';

/** 结算管理 → 收款单 */
export default function CustomerReceipts() {
  return <PaymentScreen kind="customer-receipts" />;
}
