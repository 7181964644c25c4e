import { DomainException } from '../common/errors';
import { dec, money } from '../common/money';
import { VoucherError } from './voucher.errors';
import { type Voucher } from './voucher.entity';

/**
 * The rules a voucher or gift-card tender must pass, the same at HQ (online, on its row) and at a
 * store redeeming an allocated voucher against its replica while HQ is away (pure; the till's
 * messages come from here).
 */
export function assertRedeemable(v: Pick<Voucher, 'kind' | 'state' | 'balance' | 'storeIds' | 'validFrom' | 'validTo'> & { number: string }, storeId: string, now: Date): void {
  assertInForce(v, storeId, now);
  // a gift card of a batch sold at the till holds nothing until a till sells it (礼品卡售卡)
  if (v.state === 'unsold')
    throw new DomainException(VoucherError.VOUCHER_UNSOLD, `${v.number} has not been sold yet / 该礼品卡尚未售出`, [{ field: 'number', message: 'not sold yet' }]);
  if (v.state === 'redeemed' || !dec(v.balance).gt(0))
    throw new DomainException(VoucherError.VOUCHER_ALREADY_USED, `${v.number} was already used / ${whatOf(v)}已使用`, [{ field: 'number', message: 'already used' }]);
}

const whatOf = (v: Pick<Voucher, 'kind'>) => (v.kind === 'voucher' ? '代金券' : '礼品卡');

/** Not void, valid at the store, within its validity: what both paying with it and selling it (礼品卡售卡) need. */
export function assertInForce(v: Pick<Voucher, 'kind' | 'state' | 'storeIds' | 'validFrom' | 'validTo'> & { number: string }, storeId: string, now: Date): void {
  const what = whatOf(v);
  if (v.state === 'void') throw new DomainException(VoucherError.VOUCHER_VOID, `${v.number} is void / ${what}已作废`, [{ field: 'number', message: 'void' }]);
  if (v.storeIds && !v.storeIds.includes(storeId))
    throw new DomainException(VoucherError.VOUCHER_WRONG_STORE, `${v.number} is not valid at this store / ${what}不能在本店使用`, [
      { field: 'number', message: 'not valid at this store' },
    ]);
  if (now.getTime() < new Date(v.validFrom).getTime())
    throw new DomainException(
      VoucherError.VOUCHER_NOT_YET_VALID,
      `${v.number} is valid from ${new Date(v.validFrom).toISOString()} / ${what}尚未生效`,
      [{ field: 'number', message: 'not yet valid' }],
      { validFrom: v.validFrom },
    );
  if (now.getTime() >= new Date(v.validTo).getTime())
    throw new DomainException(VoucherError.VOUCHER_EXPIRED, `${v.number} expired / ${what}已过期`, [{ field: 'number', message: 'expired' }], { validTo: v.validTo });
}

/** What one tender may pay of a sale: a voucher's minimum spend, a 折扣券's percent, the balance. */
export function assertTenderFits(v: Pick<Voucher, 'kind' | 'balance' | 'minSpend' | 'percent'> & { number: string }, amount: string, saleTotal: string): void {
  if (v.kind === 'voucher' && dec(saleTotal).lt(v.minSpend)) {
    throw new DomainException(
      VoucherError.VOUCHER_MIN_SPEND_NOT_MET,
      `voucher ${v.number} needs a sale of at least ${dec(v.minSpend).toFixed(2)} / 未达到代金券使用门槛`,
      [{ field: 'saleTotal', message: `at least ${dec(v.minSpend).toFixed(2)}` }],
      { minSpend: dec(v.minSpend).toFixed(2), saleTotal: dec(saleTotal).toFixed(2) },
    );
  }
  // 折扣券: at most its percent of the sale (to the cent, half up), within its face value below
  const limit = v.percent === null ? null : money(dec(saleTotal).times(v.percent).div(100));
  if (limit && dec(amount).gt(limit)) {
    throw new DomainException(
      VoucherError.VOUCHER_PERCENT_EXCEEDED,
      `voucher ${v.number} pays at most ${dec(v.percent).toFixed(2)} % of the sale: ${limit.toFixed(2)} / 折扣券最多抵扣 ${limit.toFixed(2)}`,
      [{ field: 'amount', message: `at most ${limit.toFixed(2)}` }],
      { percent: dec(v.percent).toFixed(2), saleTotal: dec(saleTotal).toFixed(2), limit: limit.toFixed(2) },
    );
  }
  if (dec(amount).gt(v.balance)) {
    throw new DomainException(
      VoucherError.VOUCHER_INSUFFICIENT_BALANCE,
      `${v.number} holds ${dec(v.balance).toFixed(2)} / 余额不足`,
      [{ field: 'amount', message: `at most ${dec(v.balance).toFixed(2)}` }],
      { balance: dec(v.balance).toFixed(2), requested: dec(amount).toFixed(2) },
    );
  }
}
