import {
  BalanceChangeResult,
  CardView,
  DomainException,
  FieldError,
  httpCall,
  HttpAnswer,
  httpStatusOf,
  LookupQueryDto,
  Member,
  MemberError,
  RequestContext,
  StoredValuePaymentDto,
  StoredValueRefundDto,
  StoredValueReversalDto,
  TopUpDto,
  TopUpReversalDto,
  VoucherChangeDto,
  VoucherRedeemDto,
  VoucherRefundDto,
  VoucherSellDto,
  VoucherBalanceDto,
  VoucherBalanceQueryDto,
  VoucherReversalDto,
} from '@chain-erp/shared';
import { Injectable, Optional } from '@nestjs/common';
import { MemberSettingsService } from './member-settings.service';

/**
 * How this store proves who it is to the member center: `TransferSignedMemberCenterAuth` signs
 * with the store's transfer key. Without one, requests go unsigned and HQ answers 401, reported as
 * MEMBER_CENTER_REJECTED.
 */
export abstract class MemberCenterAuth {
  abstract headers(request: { method: string; path: string; body: string }): Promise<Record<string, string>>;
}

export interface RemoteLookup {
  member: Member | null;
  cards: CardView[];
}

const TIMEOUT_MS = 8000;
/** HQ's signed store channel of stored value (a store's key only; no user token is taken there) */
const CHANNEL = '/api/transfer/v1/member/stored-value';
/** HQ's signed store channel of vouchers and gift cards (docs/promotions.md) */
const VOUCHER_CHANNEL = '/api/transfer/v1/vouchers';

/**
 * HTTP client of HQ's member center. It never guesses: when HQ cannot be reached the call fails
 * with 503 MEMBER_CENTER_UNREACHABLE, and HQ's own refusals come back with HQ's code.
 */
@Injectable()
export class MemberCenterClient {
  constructor(
    private readonly settings: MemberSettingsService,
    @Optional() private readonly auth?: MemberCenterAuth,
  ) {}

  lookup(ctx: RequestContext, q: Pick<LookupQueryDto, 'cardNo' | 'mobile'>): Promise<RemoteLookup> {
    const query = new URLSearchParams(q.cardNo ? { cardNo: q.cardNo } : { mobile: q.mobile! });
    return this.call(ctx, 'GET', `/api/member-center/lookup?${query.toString()}`);
  }

  topUp(ctx: RequestContext, dto: TopUpDto): Promise<BalanceChangeResult> {
    return this.call(ctx, 'POST', `${CHANNEL}/top-up`, dto);
  }

  reverseTopUp(ctx: RequestContext, dto: TopUpReversalDto): Promise<BalanceChangeResult> {
    return this.call(ctx, 'POST', `${CHANNEL}/top-up-reversal`, dto);
  }

  payWithStoredValue(ctx: RequestContext, dto: StoredValuePaymentDto): Promise<BalanceChangeResult> {
    return this.call(ctx, 'POST', `${CHANNEL}/pay`, dto);
  }

  reverseStoredValue(ctx: RequestContext, dto: StoredValueReversalDto): Promise<BalanceChangeResult> {
    return this.call(ctx, 'POST', `${CHANNEL}/reverse`, dto);
  }

  refundStoredValue(ctx: RequestContext, dto: StoredValueRefundDto): Promise<BalanceChangeResult> {
    return this.call(ctx, 'POST', `${CHANNEL}/refund`, dto);
  }

  // vouchers and gift cards: the same HQ address, signature and error mapping as stored value

  redeemVoucher(ctx: RequestContext, dto: VoucherRedeemDto): Promise<VoucherChangeDto> {
    return this.call(ctx, 'POST', `${VOUCHER_CHANNEL}/redeem`, dto);
  }

  reverseVoucher(ctx: RequestContext, dto: VoucherReversalDto): Promise<VoucherChangeDto> {
    return this.call(ctx, 'POST', `${VOUCHER_CHANNEL}/reverse`, dto);
  }

  refundVoucher(ctx: RequestContext, dto: VoucherRefundDto): Promise<VoucherChangeDto> {
    return this.call(ctx, 'POST', `${VOUCHER_CHANNEL}/refund`, dto);
  }

  sellVoucher(ctx: RequestContext, dto: VoucherSellDto): Promise<VoucherChangeDto> {
    return this.call(ctx, 'POST', `${VOUCHER_CHANNEL}/sell`, dto);
  }

  voucherBalance(ctx: RequestContext, dto: VoucherBalanceQueryDto): Promise<VoucherBalanceDto> {
    return this.call(ctx, 'POST', `${VOUCHER_CHANNEL}/balance`, dto);
  }

  /** Whether the member center answers at all (for health). */
  async reachable(ctx: RequestContext): Promise<{ configured: boolean; reachable: boolean; url: string | null; error?: string }> {
    const url = (await this.settings.get(ctx)).effectiveMemberCenterUrl;
    if (!url) return { configured: false, reachable: false, url: null };
    try {
      const res = await httpCall(`${url}/api/health`, { timeoutMs: 2000 });
      return { configured: true, reachable: res.status < 500, url };
    } catch (e) {
      return { configured: true, reachable: false, url, error: describe(e) };
    }
  }

  private async call<T>(ctx: RequestContext, method: 'GET' | 'POST', path: string, dto?: object): Promise<T> {
    const base = (await this.settings.get(ctx)).effectiveMemberCenterUrl;
    if (!base) throw new DomainException(MemberError.MEMBER_CENTER_NOT_CONFIGURED, 'no member-center address is set / 未设置会员中心地址');
    const body = dto === undefined ? '' : JSON.stringify(dto);
    const headers = {
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(ctx.requestId ? { 'X-Request-Id': ctx.requestId } : {}),
      ...(await this.auth?.headers({ method, path, body })),
    };
    let res: HttpAnswer;
    try {
      res = await httpCall(base + path, { method, headers, body: body || undefined, timeoutMs: TIMEOUT_MS });
    } catch (e) {
      throw new DomainException(
        MemberError.MEMBER_CENTER_UNREACHABLE,
        'the member center cannot be reached; stored value is unavailable / 会员中心无法连接，储值暂不可用',
        undefined,
        {
          url: base,
          error: describe(e),
        },
      );
    }
    const parsed = parseJson(res.body.toString('utf8'));
    if (res.status >= 200 && res.status < 300) return parsed as T;
    const remote = parsed as { code?: unknown; message?: unknown; fields?: FieldError[]; details?: Record<string, unknown> } | undefined;
    // HQ's domain refusals keep their code (same registry on both servers); anything else is HQ failing us
    if (res.status < 500 && res.status !== 401 && typeof remote?.code === 'string' && httpStatusOf(remote.code) === res.status) {
      throw new DomainException(remote.code, String(remote.message ?? remote.code), remote.fields, remote.details);
    }
    throw new DomainException(MemberError.MEMBER_CENTER_REJECTED, `the member center answered ${res.status} / 会员中心拒绝了请求`, undefined, {
      status: res.status,
      code: typeof remote?.code === 'string' ? remote.code : undefined,
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function describe(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err?.code === 'TIMEOUT' ? 'timeout' : (err?.code ?? err?.message ?? String(e));
}
