import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  answer,
  ApiJsonOrFileResponse,
  ApiSort,
  checkPeriod,
  CommonError,
  Ctx,
  defineSort,
  DomainException,
  orderBy,
  pageSql,
  queryRows,
  ReportColumn,
  RequestContext,
  RequirePermission,
  Row,
  scopeSql,
  Sql,
  TransactionalConnection,
  VoucherExceptionQueryDto,
  VoucherExceptionRow,
  ListOf,
  LOCAL_TZ,
} from '@chain-erp/shared';

const COLUMNS: ReportColumn[] = [
  { key: 'kind', zh: '异常类型', en: 'kind' },
  { key: 'reason', zh: '原因', en: 'reason' },
  { key: 'number', zh: '券号', en: 'number' },
  { key: 'batchNo', zh: '券批次', en: 'batch' },
  { key: 'storeCode', zh: '门店', en: 'store' },
  { key: 'receiptNo', zh: '小票号', en: 'receipt' },
  { key: 'at', zh: '用券时间', en: 'redeemed at' },
  { key: 'amount', zh: '金额', en: 'amount', kind: 'money' },
  { key: 'otherStoreCode', zh: '先用门店', en: 'first used at' },
  { key: 'otherReceiptNo', zh: '先用小票/单据', en: 'first used by' },
  { key: 'detectedAt', zh: '发现时间', en: 'detected at' },
  { key: 'saleId', zh: '销售ID', en: 'sale id' },
];
export const VOUCHER_EXCEPTION_SORT = defineSort({ at: '"at"', detectedAt: '"detectedAt"', amount: 'amount', number: 'number', storeCode: '"storeCode"', kind: 'kind' }, '-at');

// the business day of an offline redemption, in the server's zone like the sales reports
const TZ = LOCAL_TZ;

/**
 * 代金券异常 (docs/promotions.md): what HQ found wrong with vouchers and gift cards the stores took —
 * offline redemptions booked with a broken rule (above all a double redemption: the voucher was
 * already used at another store or online), kept in `voucher_exception` when they arrived; and
 * pushed sales whose voucher or gift-card tender HQ's ledger never charged for that sale (or undid),
 * checked here against the ledger. Both stand (the goods left the shop); this list is the follow-up.
 */
@Injectable()
export class VoucherExceptionService {
  constructor(private readonly connection: TransactionalConnection) {}

  async report(ctx: RequestContext, q: VoucherExceptionQueryDto) {
    if (ctx.storeId) throw new DomainException(CommonError.FORBIDDEN, 'only HQ follows up voucher exceptions / 代金券异常由总部处理', undefined);
    checkPeriod(q);
    const sql = new Sql();
    const from = sql.p(q.from);
    const to = sql.p(q.to);
    const stored = [...scopeSql(ctx, sql, 'e.store_id', q.storeId), `(e.detected_at AT TIME ZONE '${TZ}')::date BETWEEN ${from}::date AND ${to}::date`];
    const sales = [...scopeSql(ctx, sql, 's.store_id', q.storeId), `s.business_date BETWEEN ${from}::date AND ${to}::date`];
    const kind = q.kind ? `WHERE kind = ${sql.p(q.kind)}` : '';
    const [row] = await queryRows<{ n: number; items: Row[] | null }>(
      this.connection.manager(ctx),
      `WITH x AS (
         SELECT e.kind, e.reason, v.number, b.batch_no AS "batchNo", o.code AS "storeCode", e.store_id AS "storeId", e.receipt_no AS "receiptNo", e.redeemed_at AS "at",
                e.amount, oo.code AS "otherStoreCode", coalesce(os.receipt_no, ol.doc_no) AS "otherReceiptNo", e.other_sale_id AS "otherSaleId", e.detected_at AS "detectedAt", e.sale_id AS "saleId"
         FROM voucher_exception e JOIN voucher v ON v.id = e.voucher_id JOIN voucher_batch b ON b.id = v.batch_id JOIN org_unit o ON o.id = e.store_id
         LEFT JOIN org_unit oo ON oo.id = e.other_store_id LEFT JOIN pos_sale os ON os.id = e.other_sale_id
         LEFT JOIN voucher_ledger ol ON ol.voucher_id = e.voucher_id AND ol.ref_id = e.other_sale_id AND ol.kind = 'redeem'
         WHERE ${stored.join(' AND ')}
         UNION ALL
         SELECT 'unmatched_tender', CASE WHEN v.id IS NULL THEN 'VOUCHER_NOT_FOUND' WHEN r.id IS NULL THEN 'NOT_CHARGED' ELSE 'REVERSED' END, p.reference, b.batch_no, o.code, s.store_id, s.receipt_no, s.sold_at,
                p.amount, NULL, NULL, NULL, s.created_at, s.id
         FROM pos_sale s JOIN pos_sale_payment p ON p.sale_id = s.id AND p.method_type IN ('voucher', 'gift_card') JOIN org_unit o ON o.id = s.store_id
         LEFT JOIN voucher v ON v.number = p.reference LEFT JOIN voucher_batch b ON b.id = v.batch_id
         LEFT JOIN voucher_ledger r ON r.voucher_id = v.id AND r.kind = 'redeem' AND r.ref_id = s.id
         WHERE ${sales.join(' AND ')}
           AND (r.id IS NULL OR EXISTS (SELECT 1 FROM voucher_ledger u WHERE u.voucher_id = v.id AND u.kind = 'reversal' AND u.ref_id = s.id AND u.delta <> 0))),
       y AS (SELECT * FROM x ${kind})
       SELECT (SELECT count(*)::int FROM y) AS n, (SELECT json_agg(z) FROM (SELECT * FROM y ORDER BY ${orderBy(q.sort, VOUCHER_EXCEPTION_SORT)} ${pageSql(q)}) z) AS items`,
      sql.params,
    );
    return answer<VoucherExceptionRow>(q, { title: '代金券异常 voucher exceptions', columns: COLUMNS, items: row.items ?? [], total: row.n });
  }
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
}
