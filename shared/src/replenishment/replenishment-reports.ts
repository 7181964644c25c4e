import { FillRateReportRow, InTransitReportRow, OpenRequestReportRow, TransferVarianceReportRow } from './replenishment-reports.responses';
import { ApiJsonOrFileResponse, ApiSort, ListOf } from '../common/http/api-contract';
import { Controller, Get, Injectable, Module, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { orderBy } from '../reports/report-output';
import { Ctx } from '../common/http/decorators';
import { RequirePermission } from '../identity/require-permission';
import { RequestContext } from '../common/request-context';
import { OutputColumn, xlsxFile } from '../excel/document-output';
import { type ReplenishmentReportName, ReplenishmentReportsRepository } from './replenishment-reports.repository';
import { defineSort, type SortSpec } from '../common/pagination';

export class ReplenishmentReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'one store (a store user always sees only its own)' }) @IsOptional() @IsUUID() storeId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() productId?: string;
  @ApiPropertyOptional({ example: '2026-12-01', description: 'requests submitted / receipts dated on or after' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) from?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'on or before' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) to?: string;
  @ApiPropertyOptional({ enum: ['json', 'xlsx'], default: 'json' }) @IsOptional() @IsIn(['json', 'xlsx']) format?: 'json' | 'xlsx';
}

interface Report {
  file: string;
  sheet: string;
  columns: OutputColumn[];
  /** `sort` names (the answer's fields) → expressions over the rows, and the default order */
  sort: SortSpec;
}

const num = (key: string) => `r."${key}"::numeric`;
const col = (key: string) => `r."${key}"`;

const REPORTS: Record<ReplenishmentReportName, Report> = {
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
  constructor(private readonly repo: ReplenishmentReportsRepository) {}

  /** A page of a report (`page`, `pageSize`, `sort` like every list), or all of it as Excel (up to REPORT_EXPORT_LIMIT rows). */
  async run<K extends keyof ReportRows>(ctx: RequestContext, name: K, q: ReplenishmentReportQueryDto) {
    const r = REPORTS[name];
    const store = ctx.storeId ?? q.storeId ?? null;
    const foreign = ctx.storeId && q.storeId && q.storeId !== ctx.storeId;
    const order = orderBy(q.sort, r.sort);
    if (foreign) return q.format === 'xlsx' ? xlsxFile(r.file, r.sheet, r.columns, []) : { items: [] as ReportRows[K][], total: 0 };
    const filter = { storeId: store, productId: q.productId ?? null, from: q.from ?? null, to: q.to ?? null };
    // Excel: streamed from a cursor, 2,000 rows at a time (the answer starts after the first ones)
    if (q.format === 'xlsx') return xlsxFile(r.file, r.sheet, r.columns, await this.repo.exportRows(name, order, filter));
    const size = q.pageSize ?? 50;
    const rows = (await this.repo.page(ctx, name, order, filter, size, ((q.page ?? 1) - 1) * size)) as unknown as ReportRows[K][];
    return { items: rows, total: await this.repo.count(ctx, name, filter) };
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
@Module({ controllers: [ReplenishmentReportsController], providers: [ReplenishmentReportsRepository, ReplenishmentReportsService] })
export class ReplenishmentReportsModule {}
