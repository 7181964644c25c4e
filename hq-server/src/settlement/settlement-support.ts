import { CommonError, DomainException, isIsoDate, localToday, type RequestContext } from '@chain-erp/shared';
import { SettlementError } from './settlement.errors';

/** Money is settled at HQ: a store user may read its own settlement, never write one. */
export function assertHq(ctx: RequestContext): void {
  if (!ctx.isHq) throw new DomainException(CommonError.FORBIDDEN, 'settlement documents are written at HQ / 结算单据只能由总部填写');
}

/** A real calendar day, not in the future. */
export function pastOrToday(value: string, field: string): string {
  if (!isIsoDate(value) || value < '2000-01-01')
    throw new DomainException(SettlementError.SETTLEMENT_DATE_INVALID, `${value} is not a date / 日期无效`, [{ field, message: 'must be a real date YYYY-MM-DD' }]);
  if (value > localToday())
    throw new DomainException(SettlementError.SETTLEMENT_DATE_INVALID, 'the date cannot be in the future / 日期不能晚于今天', [{ field, message: 'cannot be in the future' }]);
  return value;
}

/** A period of real days, `from` not after `to`. */
export function period(from: string, to: string): { from: string; to: string } {
  for (const [v, f] of [
    [from, 'from'],
    [to, 'to'],
  ] as const) {
    if (!isIsoDate(v))
      throw new DomainException(SettlementError.SETTLEMENT_PERIOD_INVALID, `${v} is not a date / 日期无效`, [{ field: f, message: 'must be a real date YYYY-MM-DD' }]);
  }
  if (from > to) throw new DomainException(SettlementError.SETTLEMENT_PERIOD_INVALID, '`from` is after `to` / 起始日期晚于结束日期', [{ field: 'from', message: 'after to' }]);
  return { from, to };
}

export function requireReason(reason: string | null | undefined, field = 'reason'): string {
  const r = reason?.trim();
  if (!r) throw new DomainException(SettlementError.SETTLEMENT_REASON_REQUIRED, 'a reason is required / 请填写原因', [{ field, message: 'required' }]);
  return r;
}

export function allocationChoice(dto: {
  allocations?: Array<{ itemId: string; amount: string }>;
  autoAllocate?: boolean;
}): Array<{ itemId: string; amount: string }> | 'auto' | null {
  if (dto.allocations && dto.autoAllocate) {
    throw new DomainException(CommonError.VALIDATION_FAILED, 'either allocations or autoAllocate, not both / 手工核销与自动核销只能选一种', [
      { field: 'autoAllocate', message: 'not together with allocations' },
    ]);
  }
  return dto.autoAllocate ? 'auto' : dto.allocations?.length ? dto.allocations : null;
}
