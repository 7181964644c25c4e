import { PlusOutlined } from '@ant-design/icons';
import { ProFormDateTimePicker, ProFormList, ProFormSelect, ProFormText, ProFormTextArea, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Space, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { EntityForm } from '../../lib/EntityForm';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { isoTime, searchProducts, shortTime, useStores } from './pricing-lookups';

export interface PriceChange extends Record<string, unknown> {
  id: string;
  rowVersion: number;
  number: string;
  status: 'draft' | 'approved' | 'cancelled';
  storeIds: string[] | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  reason: string | null;
  createdBy: string;
  approvedBy: string | null;
  createdAt: string;
}
interface LineValues {
  productId?: string;
  retailPrice?: string;
  memberPrice?: string;
  wholesalePrice?: string;
}
type Values = { storeIds?: string[]; effectiveFrom?: string; effectiveTo?: string; reason?: string; lines?: LineValues[] } & Record<string, unknown>;

const blank = (v?: string) => (v && v.trim() ? v.trim() : undefined);

/** 价格促销 → 调价单: list, create a draft with its lines and stores, approve or cancel it. */
export default function PriceChanges() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { can } = useAuth();
  const stores = useStores();
  const action = useRef<ActionType>();
  const [open, setOpen] = useState(false);
  const storeName = (id: string) => stores.find((s) => s.value === id)?.label ?? id;
  const statusEnum = {
    draft: { text: t('pricing.status.draft'), status: 'Default' },
    approved: { text: t('pricing.status.approved'), status: 'Success' },
    cancelled: { text: t('pricing.status.cancelled'), status: 'Error' },
  };

  const run = async (call: () => Promise<unknown>, done: string) => {
    try {
      await call();
      void message.success(done);
      void action.current?.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  };
  const approve = (r: PriceChange) =>
    modal.confirm({
      title: `${t('pricing.approve')} ${r.number}`,
      content: t('pricing.approveConfirm'),
      onOk: () => run(async () => ok(await api.POST('/api/pricing/price-changes/{id}/approve', { params: { path: { id: r.id } } })), t('pricing.approved')),
    });
  const cancel = (r: PriceChange) => {
    let reason = '';
    modal.confirm({
      title: `${t('pricing.cancel')} ${r.number}`,
      content: <input aria-label={t('pricing.cancelReason')} placeholder={t('pricing.cancelReason')} style={{ width: '100%' }} onChange={(e) => (reason = e.target.value)} />,
      onOk: () =>
        run(
          async () => ok(await api.POST('/api/pricing/price-changes/{id}/cancel', { params: { path: { id: r.id } }, body: { reason: reason || t('pricing.cancel') } })),
          t('common.saved'),
        ),
    });
  };

  const columns: ProColumns<PriceChange>[] = [
    { title: t('pricing.number'), dataIndex: 'number', sorter: true, copyable: true, search: false, fixed: 'left' },
    { title: t('common.status'), dataIndex: 'status', valueType: 'select', valueEnum: statusEnum },
    {
      title: t('pricing.product'),
      dataIndex: 'productId',
      hideInTable: true,
      valueType: 'select',
      request: ({ keyWords }) => searchProducts(keyWords),
      fieldProps: { showSearch: true },
      debounceTime: 300,
    },
    { title: t('pricing.effectiveFrom'), dataIndex: 'effectiveFrom', sorter: true, search: false, renderText: shortTime },
    { title: t('pricing.effectiveTo'), dataIndex: 'effectiveTo', search: false, renderText: shortTime },
    {
      title: t('pricing.stores'),
      dataIndex: 'storeIds',
      search: false,
      render: (_, r) => (r.storeIds?.length ? r.storeIds.map((id) => <Tag key={id}>{storeName(id)}</Tag>) : <Tag color="blue">{t('pricing.allStores')}</Tag>),
    },
    { title: t('pricing.reason'), dataIndex: 'reason', search: false, ellipsis: true },
    { title: t('pricing.createdBy'), dataIndex: 'createdBy', search: false },
    { title: t('pricing.approvedBy'), dataIndex: 'approvedBy', search: false },
    {
      title: t('common.actions'),
      valueType: 'option',
      fixed: 'right',
      render: (_, r) =>
        r.status === 'draft' ? (
          <Space>
            {can('pricing.price-change.approve') && <a onClick={() => approve(r)}>{t('pricing.approve')}</a>}
            {can('pricing.price-change.write') && <a onClick={() => cancel(r)}>{t('pricing.cancel')}</a>}
          </Space>
        ) : null,
    },
  ];

  return (
    <>
      <ServerTable<PriceChange>
        id="price-changes"
        headerTitle={t('menu.priceChanges')}
        columns={columns}
        actionRef={action}
        fetchPage={async (q: ListQuery) => ok<Page<PriceChange>>(await api.GET('/api/pricing/price-changes', { params: { query: q } }))}
        toolBar={
          can('pricing.price-change.write')
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
                  {t('pricing.newPriceChange')}
                </Button>,
              ]
            : []
        }
      />
      <EntityForm<PriceChange, Values>
        title={t('pricing.newPriceChange')}
        open={open}
        onOpenChange={setOpen}
        width={900}
        defaults={{ lines: [{}] }}
        toValues={() => ({})}
        fetchRecord={async (id) => ok<PriceChange>(await api.GET('/api/pricing/price-changes/{id}', { params: { path: { id } } }))}
        submit={async (v) =>
          ok(
            await api.POST('/api/pricing/price-changes', {
              body: {
                storeIds: v.storeIds?.length ? v.storeIds : undefined,
                effectiveFrom: isoTime(v.effectiveFrom)!,
                // the generated schema types these nullable fields loosely (no `type` on `string | null`)
                effectiveTo: isoTime(v.effectiveTo) as never,
                reason: v.reason as never,
                lines: (v.lines ?? []).map((l) => ({
                  productId: l.productId!,
                  retailPrice: blank(l.retailPrice),
                  memberPrice: blank(l.memberPrice),
                  wholesalePrice: blank(l.wholesalePrice),
                })),
              },
            }),
          )
        }
        onSaved={() => {
          setOpen(false);
          void action.current?.reload();
        }}
      >
        <ProFormSelect name="storeIds" label={t('pricing.stores')} colProps={{ span: 24 }} mode="multiple" options={stores} placeholder={t('pricing.allStores')} />
        <ProFormDateTimePicker
          name="effectiveFrom"
          label={t('pricing.effectiveFrom')}
          colProps={{ span: 12 }}
          rules={[{ required: true }]}
          fieldProps={{ style: { width: '100%' } }}
        />
        <ProFormDateTimePicker name="effectiveTo" label={t('pricing.effectiveTo')} colProps={{ span: 12 }} fieldProps={{ style: { width: '100%' } }} />
        <ProFormTextArea name="reason" label={t('pricing.reason')} colProps={{ span: 24 }} fieldProps={{ rows: 2 }} />
        <ProFormList name="lines" label={t('pricing.lines')} creatorButtonProps={{ creatorButtonText: t('pricing.addLine') }} colProps={{ span: 24 }} min={1}>
          <ProFormSelect
            name="productId"
            label={t('pricing.product')}
            width="md"
            showSearch
            request={({ keyWords }) => searchProducts(keyWords)}
            debounceTime={300}
            rules={[{ required: true, message: t('pricing.pickProduct') }]}
          />
          <ProFormText name="retailPrice" label={t('pricing.retailPrice')} width="xs" />
          <ProFormText name="memberPrice" label={t('pricing.memberPrice')} width="xs" />
          <ProFormText name="wholesalePrice" label={t('pricing.wholesalePrice')} width="xs" />
        </ProFormList>
      </EntityForm>
    </>
  );
}
