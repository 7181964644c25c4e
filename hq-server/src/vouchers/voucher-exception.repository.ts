import { Injectable } from '@nestjs/common';
import {
  LOCAL_TZ,
  moneyText,
  orderBy,
  pageSql,
  queryRows,
  type ReportColumn,
  type RequestContext,
  type ResolveVoucherExceptionDto,
  type VoucherExceptionRow,
  scopeSql,
  Sql,
  sqlStatements,
  TransactionalConnection,
  VOUCHER_EXCEPTION_RESOLUTION_LABELS,
  type VoucherExceptionKind,
  type VoucherExceptionQueryDto,
  type VoucherExceptionResolutionDto,
  type SortSpec,
} from '@chain-erp/shared';

// the business day of an offline redemption, in the server's zone like the sales reports
const TZ = LOCAL_TZ;

/**
 * A pushed sale's voucher or gift-card tender (`p`, of sale `s`) that HQ's ledger never charged for
 * that sale, or undid since: with `v` the voucher (LEFT JOIN: null when the number is unknown) and
 * `r` its redemption for the sale (LEFT JOIN). One text for the report and for resolving one.
 */
const UNMATCHED_TENDER = `FROM pos_sale s JOIN pos_sale_payment p ON p.sale_id = s.id AND p.method_type IN ('voucher', 'gift_card')
         LEFT JOIN voucher v ON v.number = p.reference
         LEFT JOIN voucher_ledger r ON r.voucher_id = v.id AND r.kind = 'redeem' AND r.ref_id = s.id`;
const UNMATCHED_TENDER_WHERE = `(r.id IS NULL OR EXISTS (SELECT 1 FROM voucher_ledger u WHERE u.voucher_id = v.id AND u.kind = 'reversal' AND u.ref_id = s.id AND u.delta <> 0))`;

/** The report's columns (the sheet's, and the keys of its rows in this order). */
export const VOUCHER_EXCEPTION_COLUMNS: ReportColumn[] = [
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
  { key: 'status', zh: '处理状态', en: 'status' },
  { key: 'resolutionName', zh: '处理结果', en: 'resolution' },
  { key: 'note', zh: '处理说明', en: 'note' },
  { key: 'resolvedBy', zh: '处理人', en: 'resolved by' },
  { key: 'resolvedAt', zh: '处理时间', en: 'resolved at' },
  // the codes the console and a client filter on
  { key: 'resolution', zh: '处理结果代码', en: 'resolution code' },
  { key: 'id', zh: '异常ID', en: 'exception id' },
];
/** 处理结果 by its code, as the answer names it */
const RESOLUTION_NAME = `CASE y.resolution ${Object.entries(VOUCHER_EXCEPTION_RESOLUTION_LABELS)
  .map(([code, name]) => `WHEN '${code}' THEN '${name.replace(/'/g, "''")}'`)
  .join(' ')} END`;
/** each column of the answer from y, in the report's order */
const SHOWN = VOUCHER_EXCEPTION_COLUMNS.map((c) =>
  c.key === 'resolutionName' ? `${RESOLUTION_NAME} AS "resolutionName"` : c.kind === 'money' ? `${moneyText(`y."${c.key}"`)} AS "${c.key}"` : `y."${c.key}"`,
).join(', ');

const SQL = sqlStatements(
  'vouchers.exception',
  {
    /** the exception a resolve names: a stored one, or a tender still unmatched (its payment row's id) */
    find: `SELECT e.kind, e.store_id AS "storeId" FROM voucher_exception e WHERE e.id = $1
       UNION ALL
       SELECT 'unmatched_tender', s.store_id ${UNMATCHED_TENDER} WHERE p.id = $1 AND ${UNMATCHED_TENDER_WHERE}`,
    resolve: `INSERT INTO voucher_exception_resolution (exception_id, kind, store_id, resolution, note, resolved_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (exception_id) DO NOTHING RETURNING exception_id`,
    resolution: `SELECT r.exception_id AS "exceptionId", r.kind, r.resolution, r.note, u.username AS "resolvedBy", r.resolved_at AS "resolvedAt"
       FROM voucher_exception_resolution r LEFT JOIN app_user u ON u.id = r.resolved_by WHERE r.exception_id = $1`,
  },
  ['hq'],
);

/** The SQL of 代金券异常 (VoucherExceptionService): the report over stored and computed exceptions, and their resolutions. */
@Injectable()
export class VoucherExceptionRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** One page of the report (or all of it), with each row's resolution; `status` defaults to open (未处理). */
  async report(ctx: RequestContext, q: VoucherExceptionQueryDto, sort: SortSpec): Promise<{ n: number; items: VoucherExceptionRow[] | null }> {
    const sql = new Sql();
    const from = sql.p(q.from);
    const to = sql.p(q.to);
    const stored = [...scopeSql(ctx, sql, 'e.store_id', q.storeId), `(e.detected_at AT TIME ZONE '${TZ}')::date BETWEEN ${from}::date AND ${to}::date`];
    const sales = [...scopeSql(ctx, sql, 's.store_id', q.storeId), `s.business_date BETWEEN ${from}::date AND ${to}::date`];
    const filters = [`(res.exception_id IS ${(q.status ?? 'open') === 'open' ? '' : 'NOT '}NULL)`];
    if (q.kind) filters.push(`x.kind = ${sql.p(q.kind)}`);
    const [row] = await queryRows<{ n: number; items: VoucherExceptionRow[] | null }>(
      this.connection.manager(ctx),
      `WITH x AS (
         SELECT e.id, e.kind, e.reason, v.number, b.batch_no AS "batchNo", o.code AS "storeCode", e.store_id AS "storeId", e.receipt_no AS "receiptNo", e.redeemed_at AS "at",
                e.amount, oo.code AS "otherStoreCode", coalesce(os.receipt_no, ol.doc_no) AS "otherReceiptNo", e.other_sale_id AS "otherSaleId", e.detected_at AS "detectedAt", e.sale_id AS "saleId"
         FROM voucher_exception e JOIN voucher v ON v.id = e.voucher_id JOIN voucher_batch b ON b.id = v.batch_id JOIN org_unit o ON o.id = e.store_id
         LEFT JOIN org_unit oo ON oo.id = e.other_store_id LEFT JOIN pos_sale os ON os.id = e.other_sale_id
         LEFT JOIN voucher_ledger ol ON ol.voucher_id = e.voucher_id AND ol.ref_id = e.other_sale_id AND ol.kind = 'redeem'
         WHERE ${stored.join(' AND ')}
         UNION ALL
         SELECT p.id, 'unmatched_tender', CASE WHEN v.id IS NULL THEN 'VOUCHER_NOT_FOUND' WHEN r.id IS NULL THEN 'NOT_CHARGED' ELSE 'REVERSED' END, p.reference, b.batch_no, o.code, s.store_id, s.receipt_no, s.sold_at,
                p.amount, NULL, NULL, NULL, s.created_at, s.id
         ${UNMATCHED_TENDER} JOIN org_unit o ON o.id = s.store_id LEFT JOIN voucher_batch b ON b.id = v.batch_id
         WHERE ${sales.join(' AND ')} AND ${UNMATCHED_TENDER_WHERE}),
       y AS (SELECT x.*, CASE WHEN res.exception_id IS NULL THEN 'open' ELSE 'resolved' END AS status, res.resolution, res.note, ru.username AS "resolvedBy", res.resolved_at AS "resolvedAt"
             FROM x LEFT JOIN voucher_exception_resolution res ON res.exception_id = x.id LEFT JOIN app_user ru ON ru.id = res.resolved_by
             WHERE ${filters.join(' AND ')})
       SELECT (SELECT count(*)::int FROM y) AS n, (SELECT json_agg(z) FROM (SELECT ${SHOWN} FROM y ORDER BY ${orderBy(q.sort, sort)} ${pageSql(q)}) z) AS items`,
      sql.params,
    );
    return row;
  }

  /** The exception's kind and store, or undefined: no such exception (or a tender since charged). */
  async find(ctx: RequestContext, id: string): Promise<{ kind: VoucherExceptionKind; storeId: string } | undefined> {
    const [e] = await queryRows<{ kind: VoucherExceptionKind; storeId: string }>(this.connection.manager(ctx), SQL.find, [id]);
    return e;
  }

  /** Records the resolution; false when the exception has one already (the first stands). */
  async resolve(ctx: RequestContext, id: string, e: { kind: VoucherExceptionKind; storeId: string }, dto: ResolveVoucherExceptionDto, by: string): Promise<boolean> {
    return (await queryRows(this.connection.manager(ctx), SQL.resolve, [id, e.kind, e.storeId, dto.resolution, dto.note, by])).length > 0;
  }

  async resolution(ctx: RequestContext, id: string): Promise<VoucherExceptionResolutionDto | undefined> {
    const [r] = await queryRows<VoucherExceptionResolutionDto & { resolvedAt: Date | string }>(this.connection.manager(ctx), SQL.resolution, [id]);
    return r && { ...r, resolvedAt: new Date(r.resolvedAt).toISOString() };
  }
}
