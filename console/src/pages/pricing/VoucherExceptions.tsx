import type { ProColumns } from '@ant-design/pro-components';
import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../lib/api';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { shortTime, useStores } from './pricing-lookups';

type Row = Record<string, unknown> & {
  kind: 'double_redemption' | 'offline_rule' | 'unmatched_tender';
  reason: string;
  number: string;
  batchNo: string | null;
  storeCode: string;
  receiptNo: string | null;
  at: string;
  amount: string;
  otherStoreCode: string | null;
  otherReceiptNo: string | null;
  detectedAt: string;
  saleId: string;
};

const KIND_COLOR = { double_redemption: 'red', offline_rule: 'orange', unmatched_tender: 'volcano' } as const;

/**
 * 价格促销 → 代金券异常: what HQ found wrong with the vouchers the stores took — a voucher redeemed
 * offline that was already used (at another store or online), an offline redemption against another
 * rule, a sale whose voucher tender HQ never charged. The sales stand; this list is the follow-up
 * (docs/promotions.md), with its Excel export.
 */
export default function VoucherExceptions() {
  const { t } = useTranslation();
  const stores = useStores();
  const lastMonth: [string, string] = [dayjs().subtract(29, 'day').format('YYYY-MM-DD'), dayjs().format('YYYY-MM-DD')];
  const kinds = ['double_redemption', 'offline_rule', 'unmatched_tender'] as const;

  const columns: ProColumns<Row>[] = [
    {
      title: t('voucherException.period'),
      dataIndex: 'period',
      valueType: 'dateRange',
      hideInTable: true,
      initialValue: lastMonth,
      formItemProps: { rules: [{ required: true }] },
      search: { transform: (v: [string, string]) => ({ from: v[0], to: v[1] }) },
    },
    {
      title: t('voucherException.store'),
      dataIndex: 'storeId',
      valueType: 'select',
      hideInTable: true,
      valueEnum: Object.fromEntries(stores.map((s) => [s.value, { text: s.label }])),
    },
    {
      title: t('voucherException.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      sorter: true,
      valueEnum: Object.fromEntries(kinds.map((k) => [k, { text: t(`voucherException.kinds.${k}`) }])),
      render: (_, r) => <Tag color={KIND_COLOR[r.kind]}>{t(`voucherException.kinds.${r.kind}`)}</Tag>,
    },
    { title: t('voucherException.reason'), dataIndex: 'reason', search: false, renderText: (v: string) => t(`voucherException.reasons.${v}`, { defaultValue: v }) },
    { title: t('voucherException.number'), dataIndex: 'number', search: false, sorter: true, copyable: true },
    { title: t('voucherException.batchNo'), dataIndex: 'batchNo', search: false },
    { title: t('voucherException.storeCode'), dataIndex: 'storeCode', search: false, sorter: true },
    { title: t('voucherException.receiptNo'), dataIndex: 'receiptNo', search: false },
    { title: t('voucherException.at'), dataIndex: 'at', search: false, sorter: true, renderText: shortTime },
    { title: t('voucherException.amount'), dataIndex: 'amount', search: false, sorter: true, align: 'right' },
    { title: t('voucherException.otherStoreCode'), dataIndex: 'otherStoreCode', search: false },
    { title: t('voucherException.otherReceiptNo'), dataIndex: 'otherReceiptNo', search: false },
    { title: t('voucherException.detectedAt'), dataIndex: 'detectedAt', search: false, sorter: true, renderText: shortTime },
  ];

  return (
    <ServerTable<Row>
      id="voucher-exceptions"
      headerTitle={t('voucherException.title')}
      rowKey="__key"
      columns={columns}
      fetchPage={async (q: ListQuery): Promise<Page<Row>> => {
        const a = ok<Page<Row>>(await api.GET('/api/vouchers/exceptions', { params: { query: q as never } }));
        return { items: a.items.map((r, i) => ({ ...r, __key: `${q.page}-${i}` })), total: a.total };
      }}
      exportFile={{ path: '/api/vouchers/exceptions?format=xlsx', fileName: 'voucher-exceptions.xlsx' }}
    />
  );
}
