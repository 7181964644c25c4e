import { ModalForm, ProFormSelect, ProFormTextArea, type ActionType, type ProColumns } from '@ant-design/pro-components';
import type { HqSchemas } from '@chain-erp/api-client';
import { Alert, App, Tag } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { shortTime, useStores } from './pricing-lookups';

type Resolve = HqSchemas['ResolveVoucherExceptionDto'];
type Row = Record<string, unknown> & {
  id: string;
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
  status: 'open' | 'resolved';
  resolution: Resolve['resolution'] | null;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
};

const KIND_COLOR = { double_redemption: 'red', offline_rule: 'orange', unmatched_tender: 'volcano' } as const;
const RESOLUTIONS: Resolve['resolution'][] = ['recovered', 'store_absorbs', 'verified', 'other'];

/**
 * 价格促销 → 代金券异常: what HQ found wrong with the vouchers the stores took — a voucher redeemed
 * offline that was already used (at another store or online), an offline redemption against another
 * rule, a sale whose voucher tender HQ never charged. The sales stand; this list is the follow-up
 * (docs/promotions.md), with its Excel export: 处理 records once what was done (未处理 / 已处理).
 */
export default function VoucherExceptions() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const stores = useStores();
  const action = useRef<ActionType>();
  const [resolving, setResolving] = useState<Row | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const resolutionEnum = Object.fromEntries(RESOLUTIONS.map((r) => [r, { text: t(`voucherException.resolutions.${r}`) }]));

  const resolve = async (v: Resolve) => {
    setFailure(null);
    try {
      ok(await api.POST('/api/vouchers/exceptions/{id}/resolve', { params: { path: { id: resolving!.id } }, body: { resolution: v.resolution, note: v.note.trim() } }));
      void message.success(t('voucherException.resolved'));
      setResolving(null);
      void action.current?.reload();
      return true;
    } catch (e) {
      if (e instanceof ApiError) setFailure(e);
      return false;
    }
  };
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
      title: t('voucherException.status'),
      dataIndex: 'status',
      valueType: 'select',
      initialValue: 'open',
      valueEnum: { open: { text: t('voucherException.statuses.open') }, resolved: { text: t('voucherException.statuses.resolved') } },
      render: (_, r) => <Tag color={r.status === 'open' ? 'gold' : 'green'}>{t(`voucherException.statuses.${r.status}`)}</Tag>,
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
    {
      title: t('voucherException.resolution'),
      dataIndex: 'resolution',
      search: false,
      renderText: (v: string | null) => (v ? t(`voucherException.resolutions.${v}`) : ''),
    },
    { title: t('voucherException.note'), dataIndex: 'note', search: false, ellipsis: true },
    { title: t('voucherException.resolvedBy'), dataIndex: 'resolvedBy', search: false },
    { title: t('voucherException.resolvedAt'), dataIndex: 'resolvedAt', search: false, sorter: true, renderText: shortTime },
    {
      title: t('common.actions'),
      valueType: 'option',
      fixed: 'right',
      render: (_, r) =>
        can('voucher.issue') && r.status === 'open'
          ? [
              <a
                key="resolve"
                data-testid={`resolve-${r.id}`}
                onClick={() => {
                  setFailure(null);
                  setResolving(r);
                }}
              >
                {t('voucherException.resolve')}
              </a>,
            ]
          : [],
    },
  ];

  return (
    <>
      <ServerTable<Row>
        id="voucher-exceptions"
        headerTitle={t('voucherException.title')}
        rowKey="id"
        columns={columns}
        actionRef={action}
        fetchPage={async (q: ListQuery): Promise<Page<Row>> => ok<Page<Row>>(await api.GET('/api/vouchers/exceptions', { params: { query: q as never } }))}
        exportFile={{ path: '/api/vouchers/exceptions?format=xlsx', fileName: 'voucher-exceptions.xlsx' }}
      />
      <ModalForm<Resolve>
        title={`${t('voucherException.resolve')} ${resolving?.number ?? ''}`}
        open={!!resolving}
        onOpenChange={(o) => !o && setResolving(null)}
        onFinish={resolve}
        width={520}
        modalProps={{ destroyOnClose: true, maskClosable: false }}
      >
        {failure && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={failure.code} description={failure.message} />}
        <ProFormSelect name="resolution" label={t('voucherException.resolution')} valueEnum={resolutionEnum} rules={[{ required: true }]} />
        <ProFormTextArea name="note" label={t('voucherException.note')} fieldProps={{ rows: 3, maxLength: 500 }} rules={[{ required: true, whitespace: true }]} />
      </ModalForm>
    </>
  );
}
