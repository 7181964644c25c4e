import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { Card, Descriptions, Tabs } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { api, ok } from '../../lib/api';
import { BarChart } from '../../lib/BarChart';
import { money } from '../../lib/documents';
import { useAuth } from '../../lib/auth';
import { searchSuppliers } from '../../lib/lookups';
import { refEnum, useOrgUnits, useWarehouses } from '../../lib/refs';
import { ServerTable, type ListQuery } from '../../lib/ServerTable';

type Kind = 'money' | 'qty' | 'int' | 'percent' | 'text' | 'bool';
interface Col {
  key: string;
  kind?: Kind;
  /** values are codes shown through `report.value.<values>.<code>` (e.g. a variance's short/over) */
  values?: string;
}
type Filter = 'period' | 'range' | 'store' | 'supplier' | 'warehouse' | 'groupBy' | 'memberGroupBy' | 'purchaseGroupBy' | 'days' | 'asOf';
interface ReportDef {
  id: string;
  path: string;
  columns: Col[];
  filters: Filter[];
  /** the bar chart: which column names a bar, which measure it shows */
  chart: { label: string[]; value: string };
  /** the columns the API sorts by (all when absent) */
  sortable?: string[];
  /** a tab shown only to users holding this right (the screen's own right is report.read) */
  permission?: string;
  /** the API answers every row at once (`{ items, totalValue }`): paged here, its total shown */
  whole?: { totalKey: string };
  /** the Excel download when it is not the report's own path with `format=xlsx` */
  exportPath?: string;
}
type Row = Record<string, unknown>;
interface ReportAnswer {
  items: Row[];
  total: number;
  totals?: Row;
}

const SALES_DIMENSIONS = ['store', 'product', 'category', 'cashier', 'hour', 'day'];
const PURCHASE_DIMENSIONS = ['supplier', 'product', 'category', 'month', 'day'];
// the pieces many reports share: a product, a warehouse, a purchase order line's head, the filters of a detail report
const PRODUCT: Col[] = [{ key: 'productCode' }, { key: 'productName' }];
const WAREHOUSE: Col[] = [{ key: 'warehouseCode' }, { key: 'warehouseName' }];
const ORDER_HEAD: Col[] = [{ key: 'orderNumber' }, { key: 'orderDate' }];
const ORDERED_RECEIVED: Col[] = [
  { key: 'orderedQty', kind: 'qty' },
  { key: 'receivedQty', kind: 'qty' },
];
const LATE_ENTRY: Col = { key: 'lateEntry', kind: 'bool' };
const PURCHASE_DETAIL: Filter[] = ['range', 'supplier', 'warehouse'];
const BY_STORE: Filter[] = ['range', 'store'];
const DIM_COLUMNS: Record<string, Col[]> = {
  store: [{ key: 'storeCode' }],
  product: PRODUCT,
  category: [{ key: 'categoryCode' }, { key: 'categoryName' }],
  cashier: [{ key: 'cashierName' }],
  hour: [{ key: 'hour' }],
  day: [{ key: 'day' }],
};

/** The reports of each menu entry (docs/reports.md); the sales report's columns follow its groupBy. */
const REPORTS: Record<string, ReportDef[]> = {
  '/reports/purchasing': [
    {
      id: 'purchasing-summary',
      path: '/api/reports/purchasing/summary',
      filters: ['period'],
      columns: [
        { key: 'supplierCode' },
        { key: 'supplierName' },
        { key: 'orders', kind: 'int' },
        { key: 'orderedAmount', kind: 'money' },
        { key: 'receivedAmount', kind: 'money' },
        { key: 'returnedAmount', kind: 'money' },
        { key: 'netAmount', kind: 'money' },
        { key: 'openAmount', kind: 'money' },
      ],
      chart: { label: ['supplierName'], value: 'netAmount' },
    },
    {
      id: 'purchases',
      path: '/api/purchasing/reports/purchases',
      filters: ['period', 'purchaseGroupBy', 'supplier', 'warehouse'],
      columns: [
        { key: 'code' },
        { key: 'name' },
        { key: 'receivedQty', kind: 'qty' },
        { key: 'returnedQty', kind: 'qty' },
        { key: 'returnedAmount', kind: 'money' },
        { key: 'netQty', kind: 'qty' },
        { key: 'netAmount', kind: 'money' },
        { key: 'netTax', kind: 'money' },
        { key: 'lateEntryAmount', kind: 'money' },
      ],
      sortable: ['code', 'name', 'netAmount', 'netQty'],
      chart: { label: ['name'], value: 'netAmount' },
    },
    {
      id: 'open-lines',
      path: '/api/purchasing/reports/open-lines',
      filters: PURCHASE_DETAIL,
      columns: [
        ...ORDER_HEAD,
        { key: 'expectedDate' },
        { key: 'overdue', kind: 'bool' },
        { key: 'supplierName' },
        ...PRODUCT,
        ...ORDERED_RECEIVED,
        { key: 'outstandingQty', kind: 'qty' },
        { key: 'outstandingAmount', kind: 'money' },
        LATE_ENTRY,
      ],
      sortable: ['expectedDate', 'orderNumber', 'supplierName'],
      chart: { label: ['orderNumber', 'productName'], value: 'outstandingAmount' },
    },
    {
      id: 'receipt-variances',
      path: '/api/purchasing/reports/receipt-variances',
      filters: PURCHASE_DETAIL,
      columns: [
        ...ORDER_HEAD,
        { key: 'status', values: 'orderStatus' },
        { key: 'supplierName' },
        ...PRODUCT,
        ...ORDERED_RECEIVED,
        { key: 'varianceQty', kind: 'qty' },
        { key: 'variancePercent', kind: 'percent' },
        { key: 'variance', values: 'variance' },
        { key: 'closeReason' },
        LATE_ENTRY,
      ],
      sortable: ['orderNumber', 'orderDate', 'varianceQty'],
      chart: { label: ['orderNumber', 'productName'], value: 'varianceQty' },
    },
    {
      id: 'price-history',
      path: '/api/purchasing/reports/price-history',
      filters: PURCHASE_DETAIL,
      columns: [
        { key: 'date' },
        { key: 'receiptNumber' },
        { key: 'supplierName' },
        ...PRODUCT,
        { key: 'quantity', kind: 'qty' },
        { key: 'unitPrice', kind: 'money' },
        { key: 'previousPrice', kind: 'money' },
        { key: 'change', kind: 'money' },
        LATE_ENTRY,
      ],
      sortable: ['date', 'productCode', 'supplierName'],
      chart: { label: ['date', 'productName'], value: 'unitPrice' },
    },
  ],
  '/reports/replenishment': [
    {
      id: 'fill-rate',
      path: '/api/replenishment/reports/fill-rate',
      filters: BY_STORE,
      columns: [
        { key: 'storeCode' },
        ...PRODUCT,
        { key: 'requested', kind: 'qty' },
        { key: 'approved', kind: 'qty' },
        { key: 'shipped', kind: 'qty' },
        { key: 'received', kind: 'qty' },
        { key: 'fillRate', kind: 'percent' },
      ],
      sortable: ['storeCode', 'productCode', 'requested', 'approved', 'shipped', 'received', 'fillRate'],
      chart: { label: ['storeCode', 'productName'], value: 'fillRate' },
    },
    {
      id: 'in-transit',
      path: '/api/replenishment/reports/in-transit',
      filters: BY_STORE,
      columns: [
        { key: 'storeCode' },
        { key: 'shipmentNo' },
        { key: 'shipDate' },
        ...PRODUCT,
        { key: 'quantity', kind: 'qty' },
        { key: 'unitCost', kind: 'money' },
        { key: 'amount', kind: 'money' },
        { key: 'days', kind: 'int' },
      ],
      sortable: ['storeCode', 'shipmentNo', 'shipDate', 'productCode', 'quantity', 'amount', 'days'],
      chart: { label: ['shipmentNo', 'productName'], value: 'amount' },
    },
    {
      id: 'open-requests',
      path: '/api/replenishment/reports/open-requests',
      filters: BY_STORE,
      columns: [
        { key: 'storeCode' },
        { key: 'requestNo' },
        { key: 'status', values: 'requestStatus' },
        { key: 'submittedAt' },
        { key: 'wantedBy' },
        { key: 'ageDays', kind: 'int' },
        { key: 'ageBucket' },
        { key: 'openQty', kind: 'qty' },
      ],
      sortable: ['storeCode', 'requestNo', 'status', 'submittedAt', 'ageDays', 'openQty'],
      chart: { label: ['storeCode', 'requestNo'], value: 'openQty' },
    },
  ],
  '/reports/stock': [
    {
      id: 'stock-warehouses',
      path: '/api/reports/stock/warehouses',
      filters: ['store'],
      columns: [...WAREHOUSE, { key: 'products', kind: 'int' }, { key: 'qty', kind: 'qty' }, { key: 'value', kind: 'money' }],
      chart: { label: ['warehouseName'], value: 'value' },
    },
    {
      id: 'stock-valuation',
      path: '/api/inventory/valuation',
      filters: ['store', 'warehouse'],
      permission: 'inventory.read',
      whole: { totalKey: 'totalValue' },
      exportPath: '/api/inventory/valuation/export',
      columns: [...WAREHOUSE, { key: 'categoryCode' }, { key: 'categoryName' }, { key: 'products', kind: 'int' }, { key: 'qty', kind: 'qty' }, { key: 'value', kind: 'money' }],
      sortable: [],
      chart: { label: ['warehouseName', 'categoryName'], value: 'value' },
    },
    {
      id: 'stock-slow-movers',
      path: '/api/reports/stock/slow-movers',
      filters: ['store', 'days', 'asOf'],
      columns: [
        { key: 'warehouseCode' },
        ...PRODUCT,
        { key: 'onHand', kind: 'qty' },
        { key: 'value', kind: 'money' },
        { key: 'sold', kind: 'qty' },
        { key: 'avgDailySold', kind: 'qty' },
        { key: 'daysOfCover', kind: 'qty' },
        { key: 'lastSold' },
      ],
      chart: { label: ['productName'], value: 'value' },
    },
  ],
  '/reports/sales': [
    {
      id: 'sales',
      path: '/api/reports/sales',
      filters: ['period', 'store', 'groupBy'],
      columns: [
        { key: 'qty', kind: 'qty' },
        { key: 'amount', kind: 'money' },
        { key: 'discount', kind: 'money' },
        { key: 'receipts', kind: 'int' },
        { key: 'refunds', kind: 'int' },
        { key: 'avgBasket', kind: 'money' },
      ],
      chart: { label: [], value: 'amount' },
    },
    {
      id: 'gross-margin',
      path: '/api/reports/gross-margin',
      filters: ['period', 'store', 'groupBy'],
      columns: [
        { key: 'qty', kind: 'qty' },
        { key: 'amount', kind: 'money' },
        { key: 'costedAmount', kind: 'money' },
        { key: 'cost', kind: 'money' },
        { key: 'margin', kind: 'money' },
        { key: 'marginPercent', kind: 'percent' },
        { key: 'uncostedAmount', kind: 'money' },
      ],
      chart: { label: [], value: 'margin' },
    },
  ],
  '/reports/members': [
    {
      id: 'member-sales',
      path: '/api/reports/member-sales',
      filters: ['period', 'store', 'memberGroupBy'],
      columns: [
        { key: 'receipts', kind: 'int' },
        { key: 'memberReceipts', kind: 'int' },
        { key: 'amount', kind: 'money' },
        { key: 'memberAmount', kind: 'money' },
        { key: 'memberShare', kind: 'percent' },
      ],
      chart: { label: [], value: 'memberAmount' },
    },
    {
      id: 'member-liability',
      path: '/api/reports/members/liability',
      filters: ['store', 'asOf'],
      columns: [
        { key: 'cardTypeCode' },
        { key: 'cardTypeName' },
        { key: 'storeCode' },
        { key: 'cards', kind: 'int' },
        { key: 'points', kind: 'qty' },
        { key: 'storedValue', kind: 'money' },
      ],
      chart: { label: ['cardTypeName', 'storeCode'], value: 'storedValue' },
    },
  ],
  // 代金券 / 礼品卡 (docs/promotions.md "Reports"): from HQ's voucher ledger
  '/reports/vouchers': [
    {
      id: 'voucher-batches',
      path: '/api/reports/vouchers/batches',
      filters: ['range', 'store'],
      columns: [
        { key: 'batchNo' },
        { key: 'name' },
        { key: 'kind', values: 'voucherKind' },
        { key: 'faceValue', kind: 'money' },
        { key: 'quantity', kind: 'int' },
        { key: 'issued', kind: 'money' },
        { key: 'redeemed', kind: 'money' },
        { key: 'voided', kind: 'money' },
        { key: 'outstanding', kind: 'money' },
        { key: 'redemptions', kind: 'int' },
      ],
      chart: { label: ['batchNo'], value: 'outstanding' },
    },
    {
      id: 'voucher-stores',
      path: '/api/reports/vouchers/stores',
      filters: ['range', 'store'],
      columns: [
        { key: 'storeCode' },
        { key: 'storeName' },
        { key: 'issued', kind: 'money' },
        { key: 'cardsSold', kind: 'int' },
        { key: 'redeemed', kind: 'money' },
        { key: 'redemptions', kind: 'int' },
      ],
      chart: { label: ['storeName'], value: 'redeemed' },
    },
    {
      id: 'voucher-redemptions',
      path: '/api/reports/vouchers/redemptions',
      filters: ['period', 'store'],
      columns: [
        { key: 'day' },
        { key: 'storeCode' },
        { key: 'storeName' },
        { key: 'redemptions', kind: 'int' },
        { key: 'redeemedAmount', kind: 'money' },
        { key: 'refundedAmount', kind: 'money' },
        { key: 'netAmount', kind: 'money' },
      ],
      chart: { label: ['day', 'storeCode'], value: 'netAmount' },
    },
    {
      id: 'voucher-ageing',
      path: '/api/reports/vouchers/ageing',
      filters: ['store'],
      sortable: ['ageBucket'],
      columns: [
        { key: 'ageBucket' },
        { key: 'numbers', kind: 'int' },
        { key: 'outstanding', kind: 'money' },
        { key: 'expired', kind: 'money' },
        { key: 'within30', kind: 'money' },
        { key: 'within90', kind: 'money' },
        { key: 'later', kind: 'money' },
      ],
      chart: { label: ['ageBucket'], value: 'outstanding' },
    },
  ],
};

const fmt = (kind: Kind | undefined, v: unknown): string =>
  v === null || v === undefined || v === '' ? '-' : kind === 'money' ? money(v) : kind === 'percent' ? `${String(v)}%` : String(v);

/**
 * 报表: purchasing (summary and detail: purchases, open lines, receipt variances, price history),
 * replenishment (fill rate, in transit, open requests), stock (by warehouse, by category, slow
 * movers), sales and member reports — filters, a chart of the page, totals, Excel export.
 */
export default function Reports() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { pathname } = useLocation();
  const defs = (REPORTS[pathname] ?? REPORTS['/reports/sales']).filter((d) => !d.permission || can(d.permission));
  const title = t(`menu.${pathname.split('/')[2] ?? 'sales'}Reports`);
  return (
    <PageContainer title={title}>
      {defs.length === 1 ? (
        <ReportView key={defs[0].id} def={defs[0]} />
      ) : (
        <Tabs destroyInactiveTabPane items={defs.map((d) => ({ key: d.id, label: t(`report.title.${d.id}`), children: <ReportView def={d} /> }))} />
      )}
    </PageContainer>
  );
}

function ReportView({ def }: { def: ReportDef }) {
  const { t } = useTranslation();
  const stores = useOrgUnits().filter((o) => o.kind === 'store');
  const warehouses = useWarehouses().filter((w) => w.kind === 'normal');
  const [answer, setAnswer] = useState<ReportAnswer & { groupBy?: string }>();
  const groupBy = answer?.groupBy ?? (def.filters.includes('groupBy') ? 'store' : def.filters.includes('memberGroupBy') ? 'store' : undefined);
  // the purchases report names its group in code/name columns of its own, not in dimension columns
  const dimsOf = def.filters.includes('purchaseGroupBy') ? undefined : groupBy;
  const dims = dimsOf ? dimsOf.split(',').flatMap((g) => DIM_COLUMNS[g] ?? []) : [];
  const shown = [...dims, ...def.columns];
  const label = (r: Row) => (def.chart.label.length ? def.chart.label : dims.map((d) => d.key)).map((k) => String(r[k] ?? '')).join(' ');
  const lastMonth: [string, string] = [dayjs().subtract(29, 'day').format('YYYY-MM-DD'), dayjs().format('YYYY-MM-DD')];

  // a column's title: the report's own wording first (an `amount` of a shipment is not net sales)
  const colTitle = (key: string) => t([`report.colOf.${def.id}.${key}`, `report.col.${key}`]);
  const show = (c: Col, v: unknown): string =>
    c.kind === 'bool'
      ? v === true
        ? t('common.yes')
        : v === false
          ? t('common.no')
          : '-'
      : c.values && typeof v === 'string'
        ? t(`report.value.${c.values}.${v}`, { defaultValue: v })
        : fmt(c.kind, v);

  const filters: ProColumns<Row>[] = [
    ...(def.filters.includes('period')
      ? [
          {
            title: t('report.period'),
            dataIndex: 'period',
            valueType: 'dateRange' as const,
            hideInTable: true,
            initialValue: lastMonth,
            formItemProps: { rules: [{ required: true }] },
            search: { transform: (v: [string, string]) => ({ from: v[0], to: v[1] }) },
          },
        ]
      : []),
    ...(def.filters.includes('range')
      ? [
          {
            title: t('report.period'),
            dataIndex: 'period',
            valueType: 'dateRange' as const,
            hideInTable: true,
            search: { transform: (v: [string, string]) => ({ from: v[0], to: v[1] }) },
          },
        ]
      : []),
    ...(def.filters.includes('store') && stores.length
      ? [{ title: t('report.store'), dataIndex: 'storeId', valueType: 'select' as const, valueEnum: refEnum(stores), hideInTable: true }]
      : []),
    ...(def.filters.includes('groupBy')
      ? [
          {
            title: t('report.groupBy'),
            dataIndex: 'groupBy',
            valueType: 'select' as const,
            hideInTable: true,
            initialValue: 'store',
            valueEnum: Object.fromEntries([
              ...SALES_DIMENSIONS.map((d) => [d, { text: t(`report.dim.${d}`) }]),
              ['store,day', { text: `${t('report.dim.store')} × ${t('report.dim.day')}` }],
            ]),
          },
        ]
      : []),
    ...(def.filters.includes('supplier')
      ? [
          {
            title: t('report.supplier'),
            dataIndex: 'supplierId',
            valueType: 'select' as const,
            hideInTable: true,
            request: async ({ keyWords }: { keyWords?: string }) => searchSuppliers(keyWords),
            fieldProps: { showSearch: true },
            debounceTime: 300,
          },
        ]
      : []),
    ...(def.filters.includes('warehouse') && warehouses.length
      ? [{ title: t('report.warehouse'), dataIndex: 'warehouseId', valueType: 'select' as const, valueEnum: refEnum(warehouses), hideInTable: true }]
      : []),
    ...(def.filters.includes('purchaseGroupBy')
      ? [
          {
            title: t('report.groupBy'),
            dataIndex: 'groupBy',
            valueType: 'select' as const,
            hideInTable: true,
            initialValue: 'supplier',
            formItemProps: { rules: [{ required: true }] },
            valueEnum: Object.fromEntries(PURCHASE_DIMENSIONS.map((d) => [d, { text: t(`report.dim.${d}`) }])),
          },
        ]
      : []),
    ...(def.filters.includes('memberGroupBy')
      ? [
          {
            title: t('report.groupBy'),
            dataIndex: 'groupBy',
            valueType: 'select' as const,
            hideInTable: true,
            initialValue: 'store',
            valueEnum: { store: { text: t('report.dim.store') }, day: { text: t('report.dim.day') } },
          },
        ]
      : []),
    ...(def.filters.includes('days') ? [{ title: t('report.days'), dataIndex: 'days', valueType: 'digit' as const, hideInTable: true, initialValue: 30 }] : []),
    ...(def.filters.includes('asOf') ? [{ title: t('report.asOf'), dataIndex: 'asOf', valueType: 'date' as const, hideInTable: true }] : []),
  ];
  const columns: ProColumns<Row>[] = [
    ...filters,
    ...shown.map((c) => ({
      title: colTitle(c.key),
      dataIndex: c.key,
      search: false as const,
      sorter: !def.sortable || def.sortable.includes(c.key),
      align: c.kind && c.kind !== 'text' && c.kind !== 'bool' ? ('right' as const) : undefined,
      renderText: (v: unknown) => show(c, v),
    })),
  ];
  const totals = answer?.totals;

  return (
    <>
      <ServerTable<Row>
        id={`report-${def.id}`}
        headerTitle={t(`report.title.${def.id}`)}
        rowKey="__key"
        columns={columns}
        fetchPage={async (q: ListQuery) => {
          if (def.whole) {
            const { page, pageSize, sort: _sort, ...filters } = q;
            const all = ok<{ items: Row[] } & Row>(await api.GET(def.path as '/api/inventory/valuation', { params: { query: filters as never } }));
            const items = all.items.slice((page - 1) * pageSize, page * pageSize).map((r, i) => ({ ...r, __key: `${page}-${i}` }));
            setAnswer({ items, total: all.items.length, totals: { [def.chart.value]: all[def.whole.totalKey] } });
            return { items, total: all.items.length };
          }
          const a = ok<ReportAnswer>(await api.GET(def.path as '/api/reports/sales', { params: { query: q as never } }));
          const items = a.items.map((r, i) => ({ ...r, __key: `${q.page}-${i}` }));
          setAnswer({ ...a, items, groupBy: typeof q.groupBy === 'string' ? q.groupBy : undefined });
          return { items, total: a.total };
        }}
        exportFile={{ path: def.exportPath ?? `${def.path}?format=xlsx`, fileName: `${def.id}.xlsx` }}
      />
      {answer && answer.items.length > 0 && (
        <Card size="small" style={{ marginTop: 16 }} title={`${colTitle(def.chart.value)} · ${t('report.chartOfPage')}`}>
          <BarChart
            testId="bar-chart"
            bars={answer.items.slice(0, 15).map((r) => ({ key: String(r.__key), label: label(r), value: String(r[def.chart.value] ?? 0) }))}
            format={(v) => fmt(def.columns.find((c) => c.key === def.chart.value)?.kind, v)}
          />
          {totals && (
            <Descriptions size="small" column={4} style={{ marginTop: 12 }} title={t('report.totals')}>
              {def.columns
                .filter((c) => c.kind && c.kind !== 'text' && totals[c.key] !== undefined)
                .map((c) => (
                  <Descriptions.Item key={c.key} label={colTitle(c.key)}>
                    {fmt(c.kind, totals[c.key])}
                  </Descriptions.Item>
                ))}
            </Descriptions>
          )}
        </Card>
      )}
    </>
  );
}
