import { DomainException, money, type PaymentMethodType, PosError } from '@chain-erp/shared';
import { settleTenders } from './pos.calculator';

interface Method {
  id: string;
  code: string;
  name: string;
  type: PaymentMethodType;
  allowsChange: boolean;
}

/**
 * The one money tender of a till document that sells value (充值单, 礼品卡售卡单): an enabled method
 * of the store and not one of `refused` (value is bought with money, not with value); cash may be
 * tendered above the amount (change), other methods exactly.
 */
export function settleMoneyTender(
  methods: Method[],
  dto: { paymentMethodId: string; amount: string; tendered?: string },
  refused: { types: PaymentMethodType[]; code: string; message: string },
) {
  const method = methods.find((m) => m.id === dto.paymentMethodId);
  if (!method)
    throw new DomainException(PosError.POS_PAYMENT_METHOD_DISABLED, 'payment method not enabled at this store / 本店未启用该付款方式', [
      { field: 'paymentMethodId', message: 'not enabled here' },
    ]);
  if (refused.types.includes(method.type)) throw new DomainException(refused.code, refused.message, [{ field: 'paymentMethodId', message: method.type }]);
  const amount = money(dto.amount);
  const settled = settleTenders(amount, [{ tendered: money(dto.tendered ?? dto.amount), allowsChange: method.allowsChange }]);
  if (!settled.ok) {
    if (settled.kind === 'SHORT')
      throw new DomainException(
        PosError.POS_TENDER_SHORT,
        `${settled.missing!.toFixed(2)} still to pay / 付款不足`,
        [{ field: 'tendered', message: `at least ${amount.toFixed(2)}` }],
        { missing: settled.missing!.toFixed(2) },
      );
    throw new DomainException(PosError.POS_TENDER_OVERPAID, 'only cash can be paid above the amount / 只有现金可以找零', [
      { field: 'tendered', message: `exactly ${amount.toFixed(2)}` },
    ]);
  }
  return { method, tendered: settled.result.paid, change: settled.result.change };
}
