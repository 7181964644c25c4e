import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../lib/api';
import { money } from '../../lib/documents';
import { refEnum, useOrgUnits } from '../../lib/refs';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';

interface VarianceRow extends Record<string, unknown> {
  storeCode: string;
  receiptNo: string;
  receiveDate: string;
  productCode: string;
  productName: string;
  reason: 'short' | 'damaged' | 'over';
  quantity: string;
  value: string;
  treatment: string | null;
  lineNo: number;
}
const COLORS = { short: 'orange', damaged: 'red', over: 'blue' } as const;

/** 连锁管理 → 调拨差异: what stores reported short, damaged or over on receipt, and how HQ settled it. */
export default function Variances() {
  const { t } = useTranslation();
  const stores = useOrgUnits().filter((o) => o.kind === 'store');
  const columns: ProColumns<VarianceRow>[] = [
    { title: t('chain.store'), dataIndex: 'storeId', valueType: 'select', valueEnum: refEnum(stores), hideInTable: true },
    { title: t('chain.store'), dataIndex: 'storeCode', sorter: true, search: false },
    { title: t('chain.receiptNo'), dataIndex: 'receiptNo', sorter: true, search: false },
    { title: t('chain.receiveDate'), dataIndex: 'receiveDate', sorter: true, search: false },
    { title: t('chain.period'), dataIndex: 'period', valueType: 'dateRange', hideInTable: true, search: { transform: (v: [string, string]) => ({ from: v[0], to: v[1] }) } },
    { title: t('product.code'), dataIndex: 'productCode', sorter: true, search: false },
    { title: t('product.name'), dataIndex: 'productName', search: false },
    { title: t('chain.varianceKind'), dataIndex: 'reason', sorter: true, search: false, render: (_, r) => <Tag color={COLORS[r.reason]}>{t(`chain.kind.${r.reason}`)}</Tag> },
    { title: t('chain.quantity'), dataIndex: 'quantity', sorter: true, search: false, align: 'right' },
    { title: t('chain.value'), dataIndex: 'value', sorter: true, search: false, align: 'right', renderText: money },
    {
      title: t('chain.treatment'),
      dataIndex: 'treatment',
      search: false,
      render: (_, r) => (r.treatment ? t(`chain.treatmentOf.${r.treatment}`, { defaultValue: r.treatment }) : t('chain.unsettled')),
    },
  ];
  return (
    <PageContainer title={t('menu.variances')}>
      <ServerTable<VarianceRow>
        id="transfer-variances"
        headerTitle={t('menu.variances')}
        rowKey="key"
        columns={columns}
        fetchPage={async (q: ListQuery) => {
          const page = ok<Page<VarianceRow>>(await api.GET('/api/replenishment/reports/variances', { params: { query: q as never } }));
          return { ...page, items: page.items.map((r) => ({ ...r, key: `${r.receiptNo}:${r.lineNo}:${r.reason}` })) };
        }}
        exportFile={{ path: '/api/replenishment/reports/variances?format=xlsx', fileName: '调拨差异.xlsx' }}
      />
    </PageContainer>
  );
}
