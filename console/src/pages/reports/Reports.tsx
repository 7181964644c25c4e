import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { Card, Descriptions, Tabs } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { api, ok } from '../../lib/api';
import { BarChart } from '../../lib/BarChart';
import { money } from '../../lib/documents';
import { refEnum, useOrgUnits } from '../../lib/refs';
import { ServerTable, type ListQuery } from '../../lib/ServerTable';

type Kind = 'money' | 'qty' | 'int' | 'percent' | 'text';
interface Col {
  key: string;
  kind?: Kind;
}
type Filter = 'period' | 'store' | 'groupBy' | 'memberGroupBy' | 'days' | 'asOf';
interface ReportDef {
  id: string;
  path: string;
  columns: Col[];
  filters: Filter[];
  /** the bar chart: which column names a bar, which measure it shows */
  chart: { label: string[]; value: string };
}
type Row = Record<string, unknown>;
interface ReportAnswer {
  items: Row[];
  total: number;
  totals?: Row;
}

const SALES_DIMENSIONS = ['store', 'product', 'category', 'cashier', 'hour', 'day'];
const DIM_COLUMNS: Record<string, Col[]> = {
  store: [{ key: 'storeCode' }],
  product: [{ key: 'productCode' }, { key: 'productName' }],
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
  ],
  '/reports/stock': [
    {
      id: 'stock-warehouses',
      path: '/api/reports/stock/warehouses',
      filters: ['store'],
      columns: [{ key: 'warehouseCode' }, { key: 'warehouseName' }, { key: 'products', kind: 'int' }, { key: 'qty', kind: 'qty' }, { key: 'value', kind: 'money' }],
      chart: { label: ['warehouseName'], value: 'value' },
    },
    {
      id: 'stock-slow-movers',
      path: '/api/reports/stock/slow-movers',
      filters: ['store', 'days', 'asOf'],
      columns: [
        { key: 'warehouseCode' },
        { key: 'productCode' },
        { key: 'productName' },
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
};

const fmt = (kind: Kind | undefined, v: unknown): string =>
  v === null || v === undefined || v === '' ? '-' : kind === 'money' ? money(v) : kind === 'percent' ? `${String(v)}%` : String(v);

/** 报表: purchasing, stock, sales and member reports — filters, a chart of the page, totals, Excel export. */
export default function Reports() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const defs = REPORTS[pathname] ?? REPORTS['/reports/sales'];
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
  const [answer, setAnswer] = useState<ReportAnswer & { groupBy?: string }>();
  const groupBy = answer?.groupBy ?? (def.filters.includes('groupBy') ? 'store' : def.filters.includes('memberGroupBy') ? 'store' : undefined);
  const dims = groupBy ? groupBy.split(',').flatMap((g) => DIM_COLUMNS[g] ?? []) : [];
  const shown = [...dims, ...def.columns];
  const label = (r: Row) => (def.chart.label.length ? def.chart.label : dims.map((d) => d.key)).map((k) => String(r[k] ?? '')).join(' ');
  const lastMonth: [string, string] = [dayjs().subtract(29, 'day').format('YYYY-MM-DD'), dayjs().format('YYYY-MM-DD')];

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
      title: t(`report.col.${c.key}`),
      dataIndex: c.key,
      search: false as const,
      sorter: true,
      align: c.kind && c.kind !== 'text' ? ('right' as const) : undefined,
      renderText: (v: unknown) => fmt(c.kind, v),
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
          const a = ok<ReportAnswer>(await api.GET(def.path as '/api/reports/sales', { params: { query: q as never } }));
          const items = a.items.map((r, i) => ({ ...r, __key: `${q.page}-${i}` }));
          setAnswer({ ...a, items, groupBy: typeof q.groupBy === 'string' ? q.groupBy : undefined });
          return { items, total: a.total };
        }}
        exportFile={{ path: `${def.path}?format=xlsx`, fileName: `${def.id}.xlsx` }}
      />
      {answer && answer.items.length > 0 && (
        <Card size="small" style={{ marginTop: 16 }} title={`${t(`report.col.${def.chart.value}`)} · ${t('report.chartOfPage')}`}>
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
                  <Descriptions.Item key={c.key} label={t(`report.col.${c.key}`)}>
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
