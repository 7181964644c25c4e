import { ModalForm, PageContainer, ProFormDatePicker, ProFormDigit, ProFormSelect, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Tabs } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { errorText, money } from '../../lib/documents';
import { useStores } from '../../lib/lookups';
import { today } from '../../lib/refs';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';

type Terms = HqSchemas['StoreSettlementTermsResponse'] & Record<string, unknown>;
interface StoredValueRow extends Record<string, unknown> {
  id: string;
  number: string;
  storeCode: string;
  storeName: string;
  periodFrom: string;
  periodTo: string;
  topUpAmount: string;
  refundAmount: string;
  spentAmount: string;
  netAmount: string;
}

/**
 * 结算管理 → 门店结算 (docs/settlement.md §6): each store's transfer price (HQ cost + markup) and
 * payment terms, which value its 调拨出库 as what it owes HQ; and 储值结算 — chain-card money taken or
 * spent at a store, settled between the store and HQ. The store's statement is in 对账单 (门店).
 */
export default function StoreSettlement() {
  const { t } = useTranslation();
  return (
    <PageContainer title={t('menu.storeSettlement')}>
      <Tabs
        items={[
          { key: 'terms', label: t('settlement.storeTerms'), children: <TermsTab /> },
          { key: 'stored-value', label: t('settlement.storedValue'), children: <StoredValueTab /> },
        ]}
      />
    </PageContainer>
  );
}

function TermsTab() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const actionRef = useRef<ActionType>();
  const [editing, setEditing] = useState<Terms | undefined>();
  const writable = can('settlement.settings') && me?.orgUnit.kind === 'hq';
  const columns: ProColumns<Terms>[] = [
    { title: t('settlement.partyCode'), dataIndex: 'storeCode', sorter: true, search: false },
    { title: t('settlement.store'), dataIndex: 'storeName', sorter: true, search: false },
    { title: t('settlement.markupPercent'), dataIndex: 'markupPercent', sorter: true, search: false, align: 'right' },
    { title: t('settlement.paymentTermsDays'), dataIndex: 'paymentTermsDays', search: false, align: 'right' },
    ...(writable
      ? [
          {
            title: t('common.actions'),
            key: 'edit',
            search: false,
            render: (_: unknown, r: Terms) => <a onClick={() => setEditing(r)}>{t('common.edit')}</a>,
          } as ProColumns<Terms>,
        ]
      : []),
  ];
  return (
    <>
      <ServerTable<Terms>
        id="store-terms"
        rowKey="storeId"
        headerTitle={t('settlement.storeTerms')}
        actionRef={actionRef}
        columns={columns}
        search={false}
        fetchPage={async (q: ListQuery) => ok<Page<Terms>>(await api.GET('/api/settlement/store-terms', { params: { query: q as never } }))}
        exportFile={{ path: '/api/settlement/store-terms?format=xlsx', fileName: '门店结算条件.xlsx' }}
      />
      {editing && (
        <ModalForm<{ markupPercent: string; paymentTermsDays?: number | null }>
          open
          title={t('settlement.editTerms', { store: `${editing.storeCode} ${editing.storeName}` })}
          width={480}
          modalProps={{ destroyOnClose: true, onCancel: () => setEditing(undefined) }}
          initialValues={{ markupPercent: editing.markupPercent, paymentTermsDays: editing.paymentTermsDays }}
          onFinish={async (v) => {
            try {
              await api.PUT('/api/settlement/store-terms/{storeId}', {
                params: { path: { storeId: editing.storeId } },
                body: { markupPercent: String(v.markupPercent).trim(), paymentTermsDays: (v.paymentTermsDays ?? null) as never },
              });
              setEditing(undefined);
              void actionRef.current?.reload();
              return true;
            } catch (e) {
              void message.error(errorText(e));
              return false;
            }
          }}
        >
          <ProFormText name="markupPercent" label={t('settlement.markupPercent')} rules={[{ required: true, whitespace: true }]} />
          <ProFormDigit name="paymentTermsDays" label={t('settlement.paymentTermsDays')} min={0} max={3650} fieldProps={{ precision: 0 }} />
        </ModalForm>
      )}
    </>
  );
}

function StoredValueTab() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const stores = useStores();
  const actionRef = useRef<ActionType>();
  const [creating, setCreating] = useState(false);
  const writable = can('settlement.store.write') && me?.orgUnit.kind === 'hq';
  const columns: ProColumns<StoredValueRow>[] = [
    { title: t('settlement.number'), dataIndex: 'number', sorter: true, search: false },
    {
      title: t('settlement.store'),
      dataIndex: 'storeId',
      valueType: 'select',
      fieldProps: { options: stores, showSearch: true },
      render: (_, r) => `${r.storeCode} ${r.storeName}`,
    },
    { title: t('settlement.periodFrom'), dataIndex: 'periodFrom', sorter: true, search: false },
    { title: t('settlement.periodTo'), dataIndex: 'periodTo', sorter: true, search: false },
    { title: t('settlement.topUpAmount'), dataIndex: 'topUpAmount', search: false, align: 'right', renderText: money },
    { title: t('settlement.refundAmount'), dataIndex: 'refundAmount', search: false, align: 'right', renderText: money },
    { title: t('settlement.spentAmount'), dataIndex: 'spentAmount', search: false, align: 'right', renderText: money },
    { title: t('settlement.netAmount'), dataIndex: 'netAmount', sorter: true, search: false, align: 'right', renderText: money },
  ];
  return (
    <>
      <ServerTable<StoredValueRow>
        id="stored-value-settlements"
        headerTitle={t('settlement.storedValue')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<StoredValueRow>>(await api.GET('/api/settlement/stored-value-settlements', { params: { query: q as never } }))}
        exportFile={{ path: '/api/settlement/stored-value-settlements?format=xlsx', fileName: '储值结算.xlsx' }}
        toolBar={
          writable
            ? [
                <Button key="create" type="primary" onClick={() => setCreating(true)}>
                  {t('settlement.newStoredValue')}
                </Button>,
              ]
            : []
        }
      />
      <ModalForm<{ storeId?: string; to: string }>
        open={creating}
        onOpenChange={setCreating}
        title={t('settlement.newStoredValue')}
        width={480}
        modalProps={{ destroyOnClose: true }}
        initialValues={{ to: today() }}
        onFinish={async (v) => {
          try {
            const made = ok<unknown[]>(await api.POST('/api/settlement/stored-value-settlements', { body: { storeId: v.storeId || undefined, to: v.to } }));
            void message.success(t('settlement.created', { count: made.length }));
            void actionRef.current?.reload();
            return true;
          } catch (e) {
            void message.error(errorText(e));
            return false;
          }
        }}
      >
        <ProFormSelect name="storeId" label={t('settlement.store')} options={stores} placeholder={t('settlement.allStores')} showSearch />
        <ProFormDatePicker name="to" label={t('settlement.periodTo')} rules={[{ required: true }]} fieldProps={{ format: 'YYYY-MM-DD' }} />
      </ModalForm>
    </>
  );
}
