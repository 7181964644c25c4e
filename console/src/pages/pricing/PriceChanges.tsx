import { PlusOutlined } from '@ant-design/icons';
import { ProFormDateTimePicker, ProFormList, ProFormSelect, ProFormText, ProFormTextArea, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Space, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { EntityForm } from '../../lib/EntityForm';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import dayjs from 'dayjs';
import { isoTime, productRequest, shortTime, useStores } from './pricing-lookups';
import type { Option } from '../../lib/lookups';

interface PriceChangeLine {
  productId: string;
  productCode: string;
  productName: string;
  retailPrice: string | null;
  memberPrice: string | null;
  wholesalePrice: string | null;
}
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
  /** on the document read by id (`GET …/:id`), not in the list */
  lines?: PriceChangeLine[];
}
interface LineValues {
  productId?: string;
  retailPrice?: string;
  memberPrice?: string;
  wholesalePrice?: string;
}
type Values = { storeIds?: string[]; effectiveFrom?: string; effectiveTo?: string; reason?: string; lines?: LineValues[] } & Record<string, unknown>;

const blank = (v?: string) => (v && v.trim() ? v.trim() : undefined);
const getChange = async (id: string) => ok<PriceChange>(await api.GET('/api/pricing/price-changes/{id}', { params: { path: { id } } }));

/** A draft as the form shows it (pickers take dayjs values). */
const toValues = (r: PriceChange): Values => ({
  storeIds: r.storeIds ?? [],
  effectiveFrom: dayjs(r.effectiveFrom) as never,
  effectiveTo: (r.effectiveTo ? dayjs(r.effectiveTo) : undefined) as never,
  reason: r.reason ?? undefined,
  lines: (r.lines ?? []).map((l) => ({
    productId: l.productId,
    retailPrice: l.retailPrice ?? undefined,
    memberPrice: l.memberPrice ?? undefined,
    wholesalePrice: l.wholesalePrice ?? undefined,
  })),
});

/** 价格促销 → 调价单: list, create a draft with its lines and stores, approve or cancel it. */
export default function PriceChanges() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { can } = useAuth();
  const stores = useStores();
  const action = useRef<ActionType>();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<PriceChange | undefined>();
  // the draft's products, offered by the line selects before any search (their labels shown)
  const known: Option[] = (editing?.lines ?? []).map((l) => ({ value: l.productId, label: `${l.productCode} ${l.productName}` }));
  const edit = async (r: PriceChange) => {
    try {
      setEditing(await getChange(r.id));
      setOpen(true);
    } catch (e) {
      void message.error(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  };
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
      request: productRequest([]),
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
            {can('pricing.price-change.write') && (
              <a onClick={() => void edit(r)} data-testid="pc-edit">
                {t('common.edit')}
              </a>
            )}
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
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => (setEditing(undefined), setOpen(true))}>
                  {t('pricing.newPriceChange')}
                </Button>,
              ]
            : []
        }
      />
      <EntityForm<PriceChange, Values>
        title={editing ? `${t('common.edit')} ${editing.number}` : t('pricing.newPriceChange')}
        formName="price-change"
        open={open}
        onOpenChange={setOpen}
        record={editing}
        width={900}
        defaults={{ lines: [{}] }}
        toValues={toValues}
        fetchRecord={getChange}
        submit={async (v, record) => {
          const body = {
            storeIds: v.storeIds?.length ? v.storeIds : undefined,
            effectiveFrom: isoTime(v.effectiveFrom)!,
            // the generated schema types these nullable fields loosely (no `type` on `string | null`)
            effectiveTo: isoTime(v.effectiveTo) as never,
            reason: (v.reason ?? undefined) as never,
            lines: (v.lines ?? []).map((l) => ({
              productId: l.productId!,
              retailPrice: blank(l.retailPrice),
              memberPrice: blank(l.memberPrice),
              wholesalePrice: blank(l.wholesalePrice),
            })),
          };
          return record
            ? ok(await api.PUT('/api/pricing/price-changes/{id}', { params: { path: { id: record.id } }, body: { ...body, expectedVersion: record.rowVersion } }))
            : ok(await api.POST('/api/pricing/price-changes', { body }));
        }}
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
            request={productRequest(known)}
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
