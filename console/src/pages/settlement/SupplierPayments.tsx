import { PaymentScreen } from './Payments';

/** 结算管理 → 付款单 */
export default function SupplierPayments() {
  return <PaymentScreen kind="supplier-payments" />;
}
