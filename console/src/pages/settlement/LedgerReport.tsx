import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { Card, Descriptions } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ok } from '../../lib/api';
import { money } from '../../lib/documents';
import { today } from '../../lib/refs';
import { ServerTable, type ListQuery } from '../../lib/ServerTable';
import { docLink, PARTY_TYPES, searchParties, type PartyType } from './shared';

type Row = Record<string, unknown>;
type Kind = 'money' | 'int' | 'text' | 'date';

/** One of the ledger's reports (docs/settlement.md §7): its route, its filters beyond the party, its columns. */
export interface LedgerReportDef {
  id: string;
  title: string;
  path: '/api/settlement/items' | '/api/settlement/balances' | '/api/settlement/ageing' | '/api/settlement/due' | '/api/settlement/reports/paid';
  filters: ('open' | 'period' | 'asOf' | 'dueDays' | 'basis' | 'search')[];
  columns: { key: string; label: string; kind?: Kind; sort?: boolean }[];
}

const fmt = (kind: Kind | undefined, v: unknown) => (kind === 'money' ? money(v) : v === null || v === undefined ? '-' : String(v));

/**
 * A report over the open-item ledger for one kind of party (客户 · 供应商 · 门店): server paging,
 * sorting, filters, the totals over the whole filter, and its Excel export with the same filters.
 * A document number opens its document where the console has a screen for it.
 */
export function LedgerReport({ def }: { def: LedgerReportDef }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [totals, setTotals] = useState<Row | undefined>();
  const partyTypes = Object.fromEntries(PARTY_TYPES.map((p) => [p, { text: t(`settlement.side.${p}`) }]));
  const bucketCols = def.columns.filter((c) => c.kind === 'money');

  const filters: ProColumns<Row>[] = [
    {
      title: t('settlement.partyType'),
      dataIndex: 'partyType',
      valueType: 'select',
      valueEnum: partyTypes,
      initialValue: 'customer',
      hideInTable: true,
      fieldProps: { allowClear: false },
    },
    {
      title: t('settlement.partyName'),
      dataIndex: 'partyId',
      valueType: 'select',
      hideInTable: true,
      dependencies: ['partyType'],
      request: async ({ partyType, keyWords }: { partyType?: PartyType; keyWords?: string }) => searchParties(partyType ?? 'customer', keyWords),
      fieldProps: { showSearch: true },
      debounceTime: 300,
    },
    ...(def.filters.includes('search') ? [{ title: t('settlement.docNo'), dataIndex: 'search', hideInTable: true }] : []),
    ...(def.filters.includes('open')
      ? [
          {
            title: t('settlement.openOnly'),
            dataIndex: 'open',
            valueType: 'select' as const,
            hideInTable: true,
            valueEnum: { true: { text: t('common.yes') }, false: { text: t('common.no') } },
          },
        ]
      : []),
    ...(def.filters.includes('period')
      ? [
          {
            title: t('settlement.period'),
            dataIndex: 'period',
            valueType: 'dateRange' as const,
            hideInTable: true,
            search: { transform: (v: [string, string]) => ({ from: v[0], to: v[1] }) },
          },
        ]
      : []),
    ...(def.filters.includes('asOf') ? [{ title: t('settlement.asOf'), dataIndex: 'asOf', valueType: 'date' as const, hideInTable: true, initialValue: today() }] : []),
    ...(def.filters.includes('dueDays') ? [{ title: t('settlement.dueDays'), dataIndex: 'dueDays', valueType: 'digit' as const, hideInTable: true, initialValue: 7 }] : []),
    ...(def.filters.includes('basis')
      ? [
          {
            title: t('settlement.basis'),
            dataIndex: 'basis',
            valueType: 'select' as const,
            hideInTable: true,
            initialValue: 'document',
            valueEnum: { document: { text: t('settlement.bases.document') }, due: { text: t('settlement.bases.due') } },
            fieldProps: { allowClear: false },
          },
        ]
      : []),
  ];
  const columns: ProColumns<Row>[] = [
    ...filters,
    ...def.columns.map((c): ProColumns<Row> => ({
      title: t(c.label),
      dataIndex: c.key,
      search: false,
      sorter: c.sort !== false,
      align: c.kind === 'money' || c.kind === 'int' ? 'right' : undefined,
      render: (_, r) => {
        const text = fmt(c.kind, r[c.key]);
        const link = c.key === 'docNo' && typeof r.docType === 'string' && typeof r.docId === 'string' ? docLink(r.docType, r.docId) : null;
        return link ? <a onClick={() => navigate(link)}>{text}</a> : text;
      },
    })),
  ];

  return (
    <PageContainer title={t(def.title)}>
      <ServerTable<Row>
        id={`settlement-${def.id}`}
        headerTitle={t(def.title)}
        rowKey="__key"
        columns={columns}
        fetchPage={async (q: ListQuery) => {
          const a = ok<{ items: Row[]; total: number; totals?: Row }>(await api.GET(def.path as '/api/settlement/items', { params: { query: q as never } }));
          setTotals(a.totals);
          return { items: a.items.map((r, i) => ({ ...r, __key: String(r.id ?? r.partyId ?? '') + i })), total: a.total };
        }}
        exportFile={{ path: `${def.path}?format=xlsx`, fileName: `${def.id}.xlsx` }}
      />
      {totals && (
        <Card size="small" style={{ marginTop: 16 }} data-testid="report-totals">
          <Descriptions size="small" column={4} title={t('settlement.totals')}>
            {bucketCols
              .filter((c) => totals[c.key] !== undefined && totals[c.key] !== null)
              .map((c) => (
                <Descriptions.Item key={c.key} label={t(c.label)}>
                  <span data-testid={`total-${c.key}`}>{money(totals[c.key])}</span>
                </Descriptions.Item>
              ))}
          </Descriptions>
        </Card>
      )}
    </PageContainer>
  );
}

const PARTY_COLS = [
  { key: 'partyCode', label: 'settlement.partyCode' },
  { key: 'partyName', label: 'settlement.partyName' },
];

export const LEDGER_REPORTS = {
  items: {
    id: 'items',
    title: 'menu.ledgerItems',
    path: '/api/settlement/items',
    filters: ['search', 'open', 'period'],
    columns: [
      ...PARTY_COLS,
      { key: 'docTypeZh', label: 'settlement.docType', sort: false },
      { key: 'docNo', label: 'settlement.docNo' },
      { key: 'docDate', label: 'settlement.docDate' },
      { key: 'entryDate', label: 'settlement.entryDate' },
      { key: 'dueDate', label: 'settlement.dueDate' },
      { key: 'amount', label: 'settlement.amount', kind: 'money' },
      { key: 'allocated', label: 'settlement.allocated', kind: 'money', sort: false },
      { key: 'open', label: 'settlement.open', kind: 'money' },
      { key: 'daysOverdue', label: 'settlement.daysOverdue', kind: 'int' },
      { key: 'description', label: 'settlement.description', sort: false },
    ],
  },
  balances: {
    id: 'balances',
    title: 'menu.balances',
    path: '/api/settlement/balances',
    filters: ['asOf', 'dueDays'],
    columns: [
      ...PARTY_COLS,
      { key: 'balance', label: 'settlement.balance', kind: 'money' },
      { key: 'openDebits', label: 'settlement.openDebits', kind: 'money' },
      { key: 'unapplied', label: 'settlement.unapplied', kind: 'money' },
      { key: 'overdue', label: 'settlement.overdue', kind: 'money' },
      { key: 'dueSoon', label: 'settlement.dueSoon', kind: 'money' },
      { key: 'nextDue', label: 'settlement.nextDue' },
    ],
  },
  ageing: {
    id: 'ageing',
    title: 'menu.ageing',
    path: '/api/settlement/ageing',
    filters: ['asOf', 'basis'],
    columns: [
      ...PARTY_COLS,
      { key: 'notDue', label: 'settlement.buckets.notDue', kind: 'money' },
      { key: 'd0to30', label: 'settlement.buckets.d0to30', kind: 'money' },
      { key: 'd31to60', label: 'settlement.buckets.d31to60', kind: 'money' },
      { key: 'd61to90', label: 'settlement.buckets.d61to90', kind: 'money' },
      { key: 'd90plus', label: 'settlement.buckets.d90plus', kind: 'money' },
      { key: 'unapplied', label: 'settlement.unapplied', kind: 'money' },
      { key: 'total', label: 'settlement.total', kind: 'money' },
    ],
  },
  due: {
    id: 'due',
    title: 'menu.due',
    path: '/api/settlement/due',
    filters: ['asOf', 'dueDays'],
    columns: [
      ...PARTY_COLS,
      { key: 'docTypeZh', label: 'settlement.docType', sort: false },
      { key: 'docNo', label: 'settlement.docNo' },
      { key: 'docDate', label: 'settlement.docDate', sort: false },
      { key: 'dueDate', label: 'settlement.dueDate' },
      { key: 'amount', label: 'settlement.amount', kind: 'money', sort: false },
      { key: 'open', label: 'settlement.open', kind: 'money' },
      { key: 'daysOverdue', label: 'settlement.daysOverdue', kind: 'int' },
    ],
  },
  paid: {
    id: 'paid',
    title: 'menu.paid',
    path: '/api/settlement/reports/paid',
    filters: ['period'],
    columns: [
      ...PARTY_COLS,
      { key: 'payments', label: 'settlement.payments', kind: 'int' },
      { key: 'amount', label: 'settlement.amount', kind: 'money' },
      { key: 'lastPaidOn', label: 'settlement.lastPaidOn' },
    ],
  },
} satisfies Record<string, LedgerReportDef>;
