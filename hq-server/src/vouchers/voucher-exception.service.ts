import { Body, Controller, Get, HttpCode, Injectable, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiJsonOrFileResponse,
  ApiSort,
  AuditService,
  checkPeriod,
  CommonError,
  Ctx,
  defineSort,
  DomainException,
  ParseId,
  RequestContext,
  RequirePermission,
  ResolveVoucherExceptionDto,
  TransactionalConnection,
  VoucherError,
  VoucherExceptionQueryDto,
  VoucherExceptionResolutionDto,
  VoucherExceptionRow,
  ListOf,
} from '@chain-erp/shared';
import { listAnswer } from '../settlement/list-output';
import { VOUCHER_EXCEPTION_COLUMNS, VoucherExceptionRepository } from './voucher-exception.repository';

export const VOUCHER_EXCEPTION_SORT = defineSort(
  // y's columns (qualified: the answer's amount is text, its number is y's)
  { at: 'y."at"', detectedAt: 'y."detectedAt"', amount: 'y.amount', number: 'y.number', storeCode: 'y."storeCode"', kind: 'y.kind', resolvedAt: 'y."resolvedAt"' },
  '-at',
);

/**
 * 代金券异常 (docs/promotions.md): what HQ found wrong with vouchers and gift cards the stores took —
 * offline redemptions booked with a broken rule (above all a double redemption: the voucher was
 * already used at another store or online), kept in `voucher_exception` when they arrived; and
 * pushed sales whose voucher or gift-card tender HQ's ledger never charged for that sale (or undid),
 * checked here against the ledger. Both stand (the goods left the shop); this list is the follow-up.
 */
@Injectable()
export class VoucherExceptionService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly exceptions: VoucherExceptionRepository,
    private readonly audit: AuditService,
  ) {}

  async report(ctx: RequestContext, q: VoucherExceptionQueryDto) {
    hqOnly(ctx);
    checkPeriod(q);
    const row = await this.exceptions.report(ctx, q, VOUCHER_EXCEPTION_SORT);
    return listAnswer<VoucherExceptionRow>(q, { title: '代金券异常 voucher exceptions', columns: VOUCHER_EXCEPTION_COLUMNS, items: row.items ?? [], total: row.n });
  }

  /**
   * 处理: records once what HQ did about an exception, with who and when, audited. A second resolve is
   * refused (the first stands: 409 VOUCHER_EXCEPTION_RESOLVED); an unmatched tender HQ has charged
   * since is no exception any more (404).
   */
  async resolve(ctx: RequestContext, id: string, dto: ResolveVoucherExceptionDto): Promise<VoucherExceptionResolutionDto> {
    hqOnly(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      const e = await this.exceptions.find(tx, id);
      if (!e) throw new DomainException(VoucherError.VOUCHER_EXCEPTION_NOT_FOUND, `no voucher exception ${id} / 代金券异常不存在`, [{ field: 'id', message: 'not found' }]);
      if (!(await this.exceptions.resolve(tx, id, e, dto, ctx.userId!))) {
        const prior = await this.exceptions.resolution(tx, id);
        throw new DomainException(VoucherError.VOUCHER_EXCEPTION_RESOLVED, `the exception was already handled / 该异常已处理`, [{ field: 'id', message: 'already resolved' }], {
          resolution: prior?.resolution,
          resolvedBy: prior?.resolvedBy,
          resolvedAt: prior?.resolvedAt,
        });
      }
      const done = (await this.exceptions.resolution(tx, id))!;
      await this.audit.record(tx, {
        entityType: 'voucher_exception',
        entityId: id,
        action: 'resolve',
        after: { kind: e.kind, storeId: e.storeId, resolution: dto.resolution, note: dto.note },
        reason: dto.note,
      });
      return done;
    });
  }
}

/** the numbers and the follow-up are HQ's (a store user is refused even holding the permission) */
function hqOnly(ctx: RequestContext): void {
  if (ctx.storeId) throw new DomainException(CommonError.FORBIDDEN, 'only HQ follows up voucher exceptions / 代金券异常由总部处理', undefined);
}

@ApiTags('价格促销')
@Controller('vouchers')
export class VoucherExceptionController {
  constructor(private readonly exceptions: VoucherExceptionService) {}

  @Get('exceptions')
  @RequirePermission('voucher.read')
  @ApiOperation({ summary: '代金券异常: double offline redemptions, offline rule breaks, sales whose voucher tender HQ never charged (format=xlsx for Excel)' })
  @ApiJsonOrFileResponse(ListOf(VoucherExceptionRow))
  @ApiSort(VOUCHER_EXCEPTION_SORT)
  exceptionReport(@Ctx() ctx: RequestContext, @Query() q: VoucherExceptionQueryDto) {
    return this.exceptions.report(ctx, q);
  }

  @Post('exceptions/:id/resolve')
  @HttpCode(200)
  @RequirePermission('voucher.issue')
  @ApiOperation({ summary: '代金券异常 处理: record what was done about one exception (已向顾客追回 / 门店承担 / 核销无误 / 其他, with a note), once' })
  @ApiOkResponse({ type: VoucherExceptionResolutionDto })
  resolve(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ResolveVoucherExceptionDto): Promise<VoucherExceptionResolutionDto> {
    return this.exceptions.resolve(ctx, id, dto);
  }
}
