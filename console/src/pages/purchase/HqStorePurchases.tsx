import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Radio, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { errorText, money, qty, StatusTag } from '../../lib/documents';
import { labelsOf, useStores } from '../../lib/lookups';
import { refName, useProduct, useWarehouses } from '../../lib/refs';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';

type StorePurchase = HqSchemas['StorePurchase'] & Record<string, unknown>;
type StorePurchaseLine = HqSchemas['StorePurchaseLine'];

function useSupplierNames(): Record<string, string> {
  const q = useQuery({
    queryKey: ['ref', 'suppliers-all'],
    staleTime: 300_000,
    queryFn: async () => ok<{ items: { id: string; code: string; name: string }[] }>(await api.GET('/api/catalog/suppliers', { params: { query: { pageSize: 500 } } })).items,
  });
  return Object.fromEntries((q.data ?? []).map((s) => [s.id, `${s.code} ${s.name}`]));
}

function ProductCell({ id }: { id: string }) {
  const p = useProduct(id);
  return <>{p ? `${p.code} ${p.name}` : id}</>;
}

/**
 * 采购管理 → 门店采购 (HQ): the purchase orders and goods receipts the stores made themselves (a copy
 * pushed by each store), by store and kind; a document opens with its lines. HQ allows or forbids
 * a store to purchase itself here (the store follows at its next sync).
 */
export default function HqStorePurchases() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { can } = useAuth();
  const stores = useStores();
  const suppliers = useSupplierNames();
  const warehouses = useWarehouses();
  const [openId, setOpenId] = useState<string | null>(null);
  const [switchStore, setSwitchStore] = useState<string>();
  const [allowed, setAllowed] = useState<boolean>();
  // the store's current setting, read when a store is picked
  const current = useQuery({
    queryKey: ['store-purchasing-switch', switchStore],
    enabled: !!switchStore,
    queryFn: async () =>
      ok<HqSchemas['HqStorePurchaseSetAllowedResponse']>(await api.GET('/api/store-purchases/switch/{storeId}', { params: { path: { storeId: switchStore! } } })),
  });
  useEffect(() => setAllowed(current.data?.allowStorePurchasing), [current.data]);
  const columns: ProColumns<StorePurchase>[] = [
    { title: t('storePurchase.number'), dataIndex: 'number', sorter: true, search: false, render: (_, r) => <a onClick={() => setOpenId(r.id)}>{r.number}</a> },
    { title: t('storePurchase.store'), dataIndex: 'storeId', valueType: 'select', valueEnum: labelsOf(stores) },
    {
      title: t('storePurchase.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      valueEnum: { order: { text: t('storePurchase.kinds.order') }, receipt: { text: t('storePurchase.kinds.receipt') } },
    },
    { title: t('storePurchase.supplier'), dataIndex: 'supplierId', search: false, render: (_, r) => suppliers[r.supplierId] ?? '-' },
    { title: t('storePurchase.warehouse'), dataIndex: 'warehouseId', search: false, render: (_, r) => refName(warehouses, r.warehouseId) },
    { title: t('storePurchase.docDate'), dataIndex: 'docDate', sorter: true, search: false },
    { title: t('common.status'), dataIndex: 'status', search: false, render: (_, r) => <StatusTag status={r.status} /> },
    { title: t('storePurchase.totalAmount'), dataIndex: 'totalAmount', search: false, align: 'right', renderText: money },
    { title: t('storePurchase.createdBy'), dataIndex: 'createdBy', search: false },
  ];
  const doc = useQuery({
    queryKey: ['store-purchase', openId],
    enabled: !!openId,
    queryFn: async () => ok<StorePurchase & { lines: StorePurchaseLine[] }>(await api.GET('/api/store-purchases/{id}', { params: { path: { id: openId! } } })),
  });
  const d = doc.data;
  const saveSwitch = () => {
    if (!switchStore || allowed === undefined) return;
    const store = stores.find((s) => s.value === switchStore)?.label ?? '';
    modal.confirm({
      title: t(allowed ? 'storePurchase.confirmAllow' : 'storePurchase.confirmForbid', { store }),
      content: t('storePurchase.confirmBody'),
      onOk: async () => {
        try {
          await api.PUT('/api/store-purchases/switch/{storeId}', { params: { path: { storeId: switchStore } }, body: { allowed } });
          void message.success(t('common.saved'));
          void current.refetch();
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });
  };
  return (
    <PageContainer title={t('menu.hqStorePurchases')}>
      {can('replenishment.settings') && (
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          message={t('storePurchase.switchTitle')}
          description={
            <Space wrap>
              <Select
                style={{ width: 240 }}
                placeholder={t('storePurchase.store')}
                options={stores}
                value={switchStore}
                onChange={setSwitchStore}
                showSearch
                optionFilterProp="label"
              />
              <Radio.Group
                value={allowed}
                onChange={(e) => setAllowed(e.target.value as boolean)}
                options={[
                  { value: true, label: t('storePurchase.allow') },
                  { value: false, label: t('storePurchase.forbid') },
                ]}
              />
              {current.data && (
                <Tag color={current.data.allowStorePurchasing ? 'green' : 'default'} data-testid="switch-current">
                  {t(current.data.allowStorePurchasing ? 'storePurchase.nowAllowed' : 'storePurchase.nowForbidden')}
                </Tag>
              )}
              <Button type="primary" disabled={!switchStore || allowed === undefined || allowed === current.data?.allowStorePurchasing} onClick={saveSwitch}>
                {t('common.save')}
              </Button>
            </Space>
          }
        />
      )}
      <ServerTable<StorePurchase>
        id="hq-store-purchases"
        headerTitle={t('menu.hqStorePurchases')}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<StorePurchase>>(await api.GET('/api/store-purchases', { params: { query: q as never } }))}
      />
      <Drawer open={!!openId} onClose={() => setOpenId(null)} width={760} title={d ? `${t(`storePurchase.kinds.${d.kind}`)} ${d.number}` : ''} loading={doc.isPending}>
        {d && (
          <>
            <Descriptions size="small" bordered column={2}>
              <Descriptions.Item label={t('storePurchase.store')}>{stores.find((s) => s.value === d.storeId)?.label ?? d.storeId}</Descriptions.Item>
              <Descriptions.Item label={t('storePurchase.supplier')}>{suppliers[d.supplierId] ?? '-'}</Descriptions.Item>
              <Descriptions.Item label={t('storePurchase.warehouse')}>{refName(warehouses, d.warehouseId)}</Descriptions.Item>
              <Descriptions.Item label={t('storePurchase.docDate')}>{d.docDate}</Descriptions.Item>
              <Descriptions.Item label={t('common.status')}>
                <StatusTag status={d.status} />
              </Descriptions.Item>
              <Descriptions.Item label={t('storePurchase.totalAmount')}>{money(d.totalAmount)}</Descriptions.Item>
              <Descriptions.Item label={t('storePurchase.remark')} span={2}>
                {d.remark ?? '-'}
              </Descriptions.Item>
            </Descriptions>
            <Table<StorePurchaseLine>
              style={{ marginTop: 16 }}
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.lines}
              columns={[
                { title: '#', dataIndex: 'lineNo', width: 48 },
                { title: t('storePurchase.product'), dataIndex: 'productId', render: (id: string) => <ProductCell id={id} /> },
                { title: t('storePurchase.quantity'), dataIndex: 'quantity', align: 'right', render: qty },
                { title: t('storePurchase.unitPrice'), dataIndex: 'unitPrice', align: 'right', render: money },
                { title: t('storePurchase.taxRate'), dataIndex: 'taxRate', align: 'right', render: (v: string) => `${v}%` },
                { title: t('storePurchase.amount'), dataIndex: 'amount', align: 'right', render: money },
              ]}
            />
          </>
        )}
      </Drawer>
    </PageContainer>
  );
}
