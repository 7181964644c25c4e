import { PaymentScreen } from './Payments';

/** 结算管理 → 门店缴款单 */
export default function StorePayments() {
  return <PaymentScreen kind="store-payments" />;
}
