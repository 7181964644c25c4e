import { FillRateReportRow, InTransitReportRow, OpenRequestReportRow, TransferVarianceReportRow } from './replenishment-reports.responses';
import { ApiJsonOrFileResponse, ApiSort, ListOf } from '../common/http/api-contract';
import { Controller, Get, Injectable, Module, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { decimalTexts } from '../common/money';
import { PageQueryDto } from '../common/pagination';
import { orderBy, REPORT_EXPORT_LIMIT } from '../reports/report-output';
import { Ctx } from '../common/http/decorators';
import { RequirePermission } from '../identity/require-permission';
import { RequestContext } from '../common/request-context';
import { queryRows } from '../common/sql';
import { TransactionalConnection } from '../common/transactional-connection';
import { decimalKeys, OutputColumn, xlsxFile } from '../excel/document-output';
import { queryChunks } from '../common/pg-cursor';
import { defineSort, type SortSpec } from '../common/pagination';

export class ReplenishmentReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'one store (a store user always sees only its own)' }) @IsOptional() @IsUUID() storeId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() productId?: string;
  @ApiPropertyOptional({ example: '2026-12-01', description: 'requests submitted / receipts dated on or after' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) from?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'on or before' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) to?: string;
  @ApiPropertyOptional({ enum: ['json', 'xlsx'], default: 'json' }) @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

type Row = Record<string, unknown>;
interface Report {
  file: string;
  sheet: string;
  columns: OutputColumn[];
  /** the rows, unordered (paging and `sort` wrap it) */
  sql: string;
  /** `sort` names (the answer's fields) → expressions over the rows, and the default order */
  sort: SortSpec;
}

const num = (key: string) => `r."${key}"::numeric`;
const col = (key: string) => `r."${key}"`;

const STORE = `JOIN org_unit o ON o.id = x.store_id`;
/** The store filter: a store user is pinned to its own store whatever it asks for. */
const SCOPE = `($1::uuid IS NULL OR x.store_id = $1) AND ($2::uuid IS NULL OR x.product_id = $2)`;

const REPORTS: Record<'fillRate' | 'inTransit' | 'openRequests' | 'variances', Report> = {
  // 满足率: requested vs approved vs shipped vs received per store and product
  fillRate: {
    file: '要货满足率.xlsx',
    sheet: '满足率 fill rate',
    columns: [
      { key: 'storeCode', zh: '门店' },
      { key: 'productCode', zh: '商品编码' },
      { key: 'productName', zh: '商品名称' },
      { key: 'requested', zh: '申请数量', kind: 'decimal' },
      { key: 'approved', zh: '确认数量', kind: 'decimal' },
      { key: 'shipped', zh: '发货数量', kind: 'decimal' },
      { key: 'received', zh: '实收数量', kind: 'decimal' },
      { key: 'fillRate', zh: '满足率%', kind: 'decimal' },
    ],
    sql: `SELECT o.code AS "storeCode", p.code AS "productCode", p.name AS "productName", sum(x.requested_qty)::text AS requested, sum(coalesce(x.approved_qty, 0))::text AS approved,
                 sum(x.shipped_qty)::text AS shipped, sum(x.received_qty)::text AS received, round(100 * sum(x.received_qty) / nullif(sum(x.requested_qty), 0), 2)::text AS "fillRate"
            FROM replenishment_approval_line x JOIN replenishment_approval a ON a.id = x.request_id ${STORE} JOIN product p ON p.id = x.product_id
           WHERE ${SCOPE} AND ($3::date IS NULL OR a.submitted_at >= $3::date) AND ($4::date IS NULL OR a.submitted_at < $4::date + 1)
           GROUP BY o.code, p.code, p.name`,
    sort: defineSort(
      {
        storeCode: col('storeCode'),
        productCode: col('productCode'),
        requested: num('requested'),
        approved: num('approved'),
        shipped: num('shipped'),
        received: num('received'),
        fillRate: num('fillRate'),
      },
      'storeCode,productCode',
    ),
  },
  // 在途: shipped, not yet received, at HQ cost
  inTransit: {
    file: '调拨在途.xlsx',
    sheet: '在途 in transit',
    columns: [
      { key: 'storeCode', zh: '门店' },
      { key: 'shipmentNo', zh: '调拨单号' },
      { key: 'shipDate', zh: '发货日期' },
      { key: 'productCode', zh: '商品编码' },
      { key: 'productName', zh: '商品名称' },
      { key: 'quantity', zh: '数量', kind: 'decimal' },
      { key: 'unitCost', zh: '单位成本', kind: 'decimal' },
      { key: 'amount', zh: '金额', kind: 'decimal' },
      { key: 'days', zh: '在途天数', kind: 'int' },
    ],
    sql: `SELECT o.code AS "storeCode", s.number AS "shipmentNo", s.ship_date::text AS "shipDate", p.code AS "productCode", p.name AS "productName", x.quantity::text AS quantity,
                 x.unit_cost::text AS "unitCost", x.amount::text AS amount, (current_date - s.ship_date)::int AS days, x.line_no AS "lineNo"
            FROM transfer_shipment_line x JOIN transfer_shipment s ON s.id = x.shipment_id ${STORE} JOIN product p ON p.id = x.product_id
           WHERE ${SCOPE} AND s.status = 'posted' AND NOT EXISTS (SELECT 1 FROM transfer_receipt r WHERE r.shipment_id = s.id AND r.status = 'posted')
             AND ($3::date IS NULL OR s.ship_date >= $3::date) AND ($4::date IS NULL OR s.ship_date <= $4::date)`,
    sort: defineSort(
      {
        shipDate: col('shipDate'),
        shipmentNo: col('shipmentNo'),
        lineNo: col('lineNo'),
        storeCode: col('storeCode'),
        productCode: col('productCode'),
        quantity: num('quantity'),
        amount: num('amount'),
        days: col('days'),
      },
      'shipDate,shipmentNo,lineNo',
    ),
  },
  // 未完成申请 by age
  openRequests: {
    file: '未完成要货申请.xlsx',
    sheet: '未完成 open',
    columns: [
      { key: 'storeCode', zh: '门店' },
      { key: 'requestNo', zh: '申请单号' },
      { key: 'status', zh: '状态' },
      { key: 'submittedAt', zh: '提交时间' },
      { key: 'wantedBy', zh: '要求到货' },
      { key: 'ageDays', zh: '天数', kind: 'int' },
      { key: 'ageBucket', zh: '账龄' },
      { key: 'openQty', zh: '未完成数量', kind: 'decimal' },
    ],
    sql: `SELECT o.code AS "storeCode", x.request_no AS "requestNo", x.status, x.submitted_at AS "submittedAt", x.wanted_by::text AS "wantedBy",
                 (current_date - x.submitted_at::date)::int AS "ageDays",
                 CASE WHEN current_date - x.submitted_at::date <= 2 THEN '0-2' WHEN current_date - x.submitted_at::date <= 7 THEN '3-7' WHEN current_date - x.submitted_at::date <= 30 THEN '8-30' ELSE '>30' END AS "ageBucket",
                 (SELECT sum(CASE WHEN x.status = 'submitted' THEN l.requested_qty ELSE greatest(coalesce(l.approved_qty, 0) - l.received_qty - l.cancelled_qty, 0) END) FROM replenishment_approval_line l WHERE l.request_id = x.id)::text AS "openQty"
            FROM replenishment_approval x ${STORE}
           WHERE ($1::uuid IS NULL OR x.store_id = $1) AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM replenishment_approval_line l WHERE l.request_id = x.id AND l.product_id = $2))
             AND x.status IN ('submitted', 'approved', 'partially_approved', 'partially_shipped', 'shipped')
             AND ($3::date IS NULL OR x.submitted_at >= $3::date) AND ($4::date IS NULL OR x.submitted_at < $4::date + 1)`,
    sort: defineSort(
      {
        submittedAt: col('submittedAt'),
        requestNo: col('requestNo'),
        storeCode: col('storeCode'),
        ageDays: col('ageDays'),
        openQty: num('openQty'),
        status: col('status'),
      },
      'submittedAt,requestNo',
    ),
  },
  // 收货差异 by reason, with HQ's settlement
  variances: {
    file: '调拨差异.xlsx',
    sheet: '差异 variances',
    columns: [
      { key: 'storeCode', zh: '门店' },
      { key: 'receiptNo', zh: '入库单号' },
      { key: 'receiveDate', zh: '收货日期' },
      { key: 'productCode', zh: '商品编码' },
      { key: 'productName', zh: '商品名称' },
      { key: 'reason', zh: '原因' },
      { key: 'quantity', zh: '数量', kind: 'decimal' },
      { key: 'value', zh: '金额(调拨成本)', kind: 'decimal' },
      { key: 'treatment', zh: '处理' },
    ],
    sql: `SELECT o.code AS "storeCode", x.receipt_no AS "receiptNo", x.receive_date::text AS "receiveDate", p.code AS "productCode", p.name AS "productName", v.reason, v.qty::text AS quantity,
                 round(v.qty * x.unit_cost, 2)::text AS value, st.treatment, x.line_no AS "lineNo"
            FROM (SELECT l.*, r.store_id, r.number AS receipt_no, r.receive_date FROM transfer_receipt_line l JOIN transfer_receipt r ON r.id = l.receipt_id AND r.status = 'posted') x
            JOIN LATERAL (VALUES ('short', x.short_qty), ('damaged', x.damaged_qty), ('over', x.over_qty)) AS v(reason, qty) ON v.qty > 0
            ${STORE} JOIN product p ON p.id = x.product_id
            LEFT JOIN transfer_settlement st ON st.receipt_id = x.receipt_id AND st.shipment_line_id = x.shipment_line_id AND st.kind = v.reason
           WHERE ${SCOPE} AND ($3::date IS NULL OR x.receive_date >= $3::date) AND ($4::date IS NULL OR x.receive_date <= $4::date)`,
    sort: defineSort(
      {
        receiveDate: col('receiveDate'),
        receiptNo: col('receiptNo'),
        lineNo: col('lineNo'),
        reason: col('reason'),
        storeCode: col('storeCode'),
        productCode: col('productCode'),
        quantity: num('quantity'),
        value: num('value'),
      },
      'receiveDate,receiptNo,lineNo,reason',
    ),
  },
};

/** Each report's row (its route's schema). */
interface ReportRows {
  fillRate: FillRateReportRow;
  inTransit: InTransitReportRow;
  openRequests: OpenRequestReportRow;
  variances: TransferVarianceReportRow;
}

/** The sort of one of the reports (the `sort` enum of its route). */
export const replenishmentReportSort = (name: keyof typeof REPORTS): SortSpec => REPORTS[name].sort;

/**
 * 要货报表, the same on both servers (the tables exist on both: HQ sees every store, a store its own
 * rows — its replicas of HQ's decisions and shipments, and its own receipts).
 */
@Injectable()
export class ReplenishmentReportsService {
  constructor(private readonly connection: TransactionalConnection) {}

  /** A page of a report (`page`, `pageSize`, `sort` like every list), or all of it as Excel (up to REPORT_EXPORT_LIMIT rows). */
  async run<K extends keyof ReportRows>(ctx: RequestContext, name: K, q: ReplenishmentReportQueryDto) {
    const r = REPORTS[name];
    const store = ctx.storeId ?? q.storeId ?? null;
    const foreign = ctx.storeId && q.storeId && q.storeId !== ctx.storeId;
    const order = orderBy(q.sort, r.sort);
    if (foreign) return q.format === 'xlsx' ? xlsxFile(r.file, r.sheet, r.columns, []) : { items: [] as ReportRows[K][], total: 0 };
    const m = this.connection.manager(ctx);
    const params = [store, q.productId ?? null, q.from ?? null, q.to ?? null];
    const keys = decimalKeys(r.columns);
    // Excel: streamed from a cursor, 2,000 rows at a time (the answer starts after the first ones)
    if (q.format === 'xlsx')
      return xlsxFile(
        r.file,
        r.sheet,
        r.columns,
        await queryChunks<Row>(this.connection.dataSource, `SELECT r.* FROM (${r.sql}) r ORDER BY ${order} LIMIT ${REPORT_EXPORT_LIMIT}`, params, {
          tidy: (row) => decimalTexts([row as Row], keys)[0],
        }),
      );
    const size = q.pageSize ?? 50;
    const rows = decimalTexts(
      await queryRows<Row>(m, `SELECT r.* FROM (${r.sql}) r ORDER BY ${order} LIMIT ${size} OFFSET ${((q.page ?? 1) - 1) * size}`, params),
      keys,
    ) as unknown as ReportRows[K][];
    const [{ n }] = await queryRows<{ n: number }>(m, `SELECT count(*)::int AS n FROM (${r.sql}) r`, params);
    return { items: rows, total: n };
  }
}

@ApiTags('报表')
@Controller('replenishment/reports')
export class ReplenishmentReportsController {
  constructor(private readonly reports: ReplenishmentReportsService) {}

  @Get('fill-rate')
  @RequirePermission('replenishment.read')
  @ApiProduces('application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: '满足率: requested vs approved vs shipped vs received per store and product (format=xlsx for Excel)' })
  @ApiJsonOrFileResponse(ListOf(FillRateReportRow))
  @ApiSort(replenishmentReportSort('fillRate'))
  fillRate(@Ctx() ctx: RequestContext, @Query() q: ReplenishmentReportQueryDto) {
    return this.reports.run(ctx, 'fillRate', q);
  }

  @Get('in-transit')
  @RequirePermission('replenishment.read')
  @ApiProduces('application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: '在途: shipped and not yet received, at HQ cost, with days on the road' })
  @ApiJsonOrFileResponse(ListOf(InTransitReportRow))
  @ApiSort(replenishmentReportSort('inTransit'))
  inTransit(@Ctx() ctx: RequestContext, @Query() q: ReplenishmentReportQueryDto) {
    return this.reports.run(ctx, 'inTransit', q);
  }

  @Get('open-requests')
  @RequirePermission('replenishment.read')
  @ApiProduces('application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: '未完成申请: open requests by age (0-2, 3-7, 8-30, >30 days)' })
  @ApiJsonOrFileResponse(ListOf(OpenRequestReportRow))
  @ApiSort(replenishmentReportSort('openRequests'))
  openRequests(@Ctx() ctx: RequestContext, @Query() q: ReplenishmentReportQueryDto) {
    return this.reports.run(ctx, 'openRequests', q);
  }

  @Get('variances')
  @RequirePermission('replenishment.read')
  @ApiProduces('application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: '调拨差异: short / damaged / over per receipt line, with HQ’s settlement' })
  @ApiJsonOrFileResponse(ListOf(TransferVarianceReportRow))
  @ApiSort(replenishmentReportSort('variances'))
  variances(@Ctx() ctx: RequestContext, @Query() q: ReplenishmentReportQueryDto) {
    return this.reports.run(ctx, 'variances', q);
  }
}

/** Mounted by both servers. */
@Module({ controllers: [ReplenishmentReportsController], providers: [ReplenishmentReportsService] })
export class ReplenishmentReportsModule {}
