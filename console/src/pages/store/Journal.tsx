import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Table, Tag } from 'antd';
import { useSearchParams } from 'react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { ServerTable, type ListQuery } from '../../lib/ServerTable';
import { storeApi } from '../../lib/storeApi';

interface JournalRow extends Record<string, unknown> {
  kind: 'sale' | 'refund' | 'top-up';
  id: string;
  docNo: string;
  businessDate: string;
  at: string;
  tillCode: string;
  cashierName: string;
  amount: string;
  discount: string;
  memberRef: string | null;
  reason: string | null;
  originalNo: string | null;
  payments: string | null;
}
interface Summary {
  totals: {
    salesCount: number;
    salesTotal: string;
    refundsCount: number;
    refundsTotal: string;
    net: string;
    discount: string;
    topUpsCount: number;
    topUpsTotal: string;
    takings: string;
  };
  byMethod: { paymentMethodId: string; methodCode: string; methodName: string; sales: string; refunds: string; net: string; topUps: string; takings: string }[];
}

const KIND_COLOR = { sale: 'blue', refund: 'red', 'top-up': 'purple' } as const;

/** 收银流水 (收银查询): sales, refunds and top-ups by day, till, cashier and payment method, with totals. */
export default function Journal() {
  const { t } = useTranslation();
  const [summary, setSummary] = useState<Summary | null>(null);
  // 交班对账 opens one shift's documents here (?shiftId=…&shiftNo=…)
  const [params, setParams] = useSearchParams();
  const shiftId = params.get('shiftId');
  const methods = useQuery({
    queryKey: ['payment-methods'],
    queryFn: async () =>
      ((await api.GET('/api/catalog/payment-methods', { params: { query: { pageSize: 100 } as never } })).data as unknown as { items: { id: string; name: string }[] }).items,
  });
  const cashiers = useQuery({
    queryKey: ['store-users-min'],
    queryFn: async () =>
      ((await storeApi.GET('/api/users', { params: { query: { pageSize: 100 } as never } })).data as unknown as { items: { id: string; displayName: string; username: string }[] })
        .items,
    retry: false,
  });
  const columns: ProColumns<JournalRow>[] = [
    { title: t('journal.period'), dataIndex: 'period', valueType: 'dateRange', hideInTable: true, search: { transform: (v: [string, string]) => ({ from: v[0], to: v[1] }) } },
    {
      title: t('journal.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      valueEnum: { sale: { text: t('journal.kinds.sale') }, refund: { text: t('journal.kinds.refund') }, 'top-up': { text: t('journal.kinds.top-up') } },
      render: (_, r) => <Tag color={KIND_COLOR[r.kind]}>{t(`journal.kinds.${r.kind}`)}</Tag>,
    },
    { title: t('journal.docNo'), dataIndex: 'docNo', search: false, copyable: true },
    { title: t('journal.at'), dataIndex: 'at', valueType: 'dateTime', search: false, sorter: true },
    { title: t('journal.till'), dataIndex: 'tillCode' },
    {
      title: t('journal.cashier'),
      dataIndex: 'cashierId',
      valueType: 'select',
      fieldProps: { options: (cashiers.data ?? []).map((u) => ({ value: u.id, label: u.displayName || u.username })), showSearch: true },
      render: (_, r) => r.cashierName,
    },
    {
      title: t('journal.paymentMethod'),
      dataIndex: 'paymentMethodId',
      valueType: 'select',
      hideInTable: true,
      fieldProps: { options: (methods.data ?? []).map((m) => ({ value: m.id, label: m.name })) },
    },
    { title: t('journal.amount'), dataIndex: 'amount', search: false, align: 'right', sorter: true },
    { title: t('journal.discount'), dataIndex: 'discount', search: false, align: 'right' },
    { title: t('journal.payments'), dataIndex: 'payments', search: false, ellipsis: true },
    { title: t('journal.member'), dataIndex: 'memberRef', search: false },
    { title: t('journal.original'), dataIndex: 'originalNo', search: false },
    { title: t('journal.reason'), dataIndex: 'reason', search: false, ellipsis: true },
  ];
  const fetchPage = async (q: ListQuery) => {
    const res = (await storeApi.GET('/api/pos/journal', { params: { query: { ...q, ...(shiftId ? { shiftId } : {}) } as never } })).data as unknown as {
      items: JournalRow[];
      total: number;
    } & Summary;
    setSummary({ totals: res.totals, byMethod: res.byMethod });
    return res;
  };
  const s = summary?.totals;
  return (
    <PageContainer title={false}>
      {shiftId && (
        <Tag closable color="blue" style={{ marginBottom: 12 }} onClose={() => setParams({})} data-testid="journal-shift">
          {t('journal.ofShift', { shift: params.get('shiftNo') ?? shiftId })}
        </Tag>
      )}
      {s && (
        <Card size="small" style={{ marginBottom: 16 }} data-testid="journal-totals">
          <Descriptions
            size="small"
            column={5}
            items={[
              { label: t('journal.sales'), children: `${s.salesCount} / ${s.salesTotal}` },
              { label: t('journal.refunds'), children: `${s.refundsCount} / ${s.refundsTotal}` },
              { label: t('journal.net'), children: s.net },
              { label: t('journal.topUps'), children: `${s.topUpsCount} / ${s.topUpsTotal}` },
              { label: t('journal.takings'), children: s.takings },
            ]}
          />
          <Table
            rowKey="paymentMethodId"
            size="small"
            pagination={false}
            dataSource={summary.byMethod}
            columns={[
              { title: t('journal.paymentMethod'), dataIndex: 'methodName' },
              { title: t('journal.sales'), dataIndex: 'sales', align: 'right' },
              { title: t('journal.refunds'), dataIndex: 'refunds', align: 'right' },
              { title: t('journal.net'), dataIndex: 'net', align: 'right' },
              { title: t('journal.topUps'), dataIndex: 'topUps', align: 'right' },
              { title: t('journal.takings'), dataIndex: 'takings', align: 'right' },
            ]}
          />
        </Card>
      )}
      <ServerTable<JournalRow>
        key={shiftId ?? 'all'}
        id="pos-journal"
        headerTitle={t('menu.posJournal')}
        columns={columns}
        fetchPage={fetchPage}
        exportFile={{ path: shiftId ? `/api/pos/journal/export?shiftId=${shiftId}` : '/api/pos/journal/export', fileName: '收银流水.xlsx' }}
        rowKey="id"
      />
    </PageContainer>
  );
}
