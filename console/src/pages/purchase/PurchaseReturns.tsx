import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Descriptions, Drawer, Space, Table, Tabs, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { AuditTrail, money, StatusTag, statusEnum, useRunAction } from '../../lib/documents';
import { searchSuppliers } from '../../lib/lookups';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { FreeDocumentForm } from './FreeDocuments';
import { auditOf } from './GoodsReceipts';
import type { PurchaseReturn, ReturnLine } from './types';

/**
 * 采购管理 → 采购退货: returns to suppliers — made from a posted receipt (its 采购退货 button) or here
 * without one (新建退货) — posted or cancelled here.
 */
export default function PurchaseReturns() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const actionRef = useRef<ActionType>();
  const [freeOpen, setFreeOpen] = useState(false);
  const writable = can('purchase.return.write') && me?.orgUnit.kind === 'hq';
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const columns: ProColumns<PurchaseReturn>[] = [
    { title: t('common.search'), dataIndex: 'search', hideInTable: true, fieldProps: { placeholder: t('purchase.numberHint') } },
    { title: t('purchase.number'), dataIndex: 'number', sorter: true, search: false, render: (_, r) => <a onClick={() => setParams({ id: r.id })}>{r.number}</a> },
    {
      title: t('purchase.supplier'),
      dataIndex: 'supplierId',
      valueType: 'select',
      request: ({ keyWords }) => searchSuppliers(keyWords),
      fieldProps: { showSearch: true },
      debounceTime: 300,
      render: (_, r) => (r.supplier ? `${r.supplier.code} ${r.supplier.name}` : '-'),
    },
    { title: t('purchase.warehouse'), dataIndex: 'warehouseId', search: false, render: (_, r) => r.warehouse?.name ?? '-' },
    { title: t('purchase.receipt'), dataIndex: 'receipt', search: false, render: (_, r) => (r.receipt as { number?: string } | null)?.number ?? '-' },
    { title: t('purchase.businessDate'), dataIndex: 'businessDate', sorter: true, search: false },
    { title: t('purchase.period'), dataIndex: 'period', valueType: 'dateRange', hideInTable: true, search: { transform: (v: [string, string]) => ({ from: v[0], to: v[1] }) } },
    { title: t('purchase.returnReason'), dataIndex: 'reason', search: false, ellipsis: true },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: statusEnum(t, ['draft', 'posted', 'cancelled']),
      render: (_, r) => <StatusTag status={r.status} />,
    },
    { title: t('purchase.totalAmount'), dataIndex: 'totalAmount', sorter: true, search: false, align: 'right', renderText: money },
    { title: t('purchase.lateEntry'), dataIndex: 'lateEntry', search: false, render: (_, r) => (r.lateEntry ? <Tag color="orange">{t('purchase.lateEntry')}</Tag> : null) },
  ];
  return (
    <PageContainer title={t('menu.purchaseReturns')}>
      <ServerTable<PurchaseReturn>
        id="purchase-returns"
        headerTitle={t('menu.purchaseReturns')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<PurchaseReturn>>(await api.GET('/api/purchase-returns', { params: { query: q as never } }))}
        toolBar={
          writable
            ? [
                <Button key="free" type="primary" icon={<PlusOutlined />} onClick={() => setFreeOpen(true)} data-testid="pr-create-free">
                  {t('purchase.freeReturn')}
                </Button>,
              ]
            : []
        }
      />
      {writable && (
        <FreeDocumentForm
          kind="return"
          open={freeOpen}
          onOpenChange={setFreeOpen}
          onSaved={(id) => {
            setFreeOpen(false);
            void actionRef.current?.reload();
            setParams({ id });
          }}
        />
      )}
      {openId && <ReturnDrawer id={openId} onClose={() => setParams({})} onChanged={() => void actionRef.current?.reload()} />}
    </PageContainer>
  );
}

function ReturnDrawer(props: { id: string; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const qc = useQueryClient();
  const run = useRunAction();
  const path = { params: { path: { id: props.id } } };
  const q = useQuery({ queryKey: ['purchase-return', props.id], queryFn: async () => ok<PurchaseReturn>(await api.GET('/api/purchase-returns/{id}', path)) });
  const r = q.data;
  const write = can('purchase.return.write') && me?.orgUnit.kind === 'hq';
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['purchase-return', props.id] });
    props.onChanged();
  };
  return (
    <Drawer open width={900} title={r ? `${t('menu.purchaseReturns')} ${r.number}` : ''} onClose={props.onClose} extra={r && <StatusTag status={r.status} />}>
      {r && (
        <>
          {r.status === 'draft' && write && (
            <Space>
              <Button
                type="primary"
                onClick={() => run(async () => ok(await api.POST('/api/purchase-returns/{id}/post', { ...path, body: { idempotencyKey: `prp-${crypto.randomUUID()}` } })), refresh)}
              >
                {t('purchase.postReturn')}
              </Button>
              <Button danger onClick={() => run(async () => ok(await api.POST('/api/purchase-returns/{id}/cancel', path)), refresh)}>
                {t('purchase.cancel')}
              </Button>
            </Space>
          )}
          <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('purchase.supplier')}>{r.supplier ? `${r.supplier.code} ${r.supplier.name}` : '-'}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.warehouse')}>{r.warehouse?.name ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.businessDate')}>{r.businessDate}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.returnReason')}>{r.reason}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.totalAmount')}>{money(r.totalAmount)}</Descriptions.Item>
          </Descriptions>
          <Tabs
            items={[
              {
                key: 'lines',
                label: t('purchase.lines'),
                children: (
                  <Table<ReturnLine>
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={r.lines ?? []}
                    columns={[
                      { title: '#', dataIndex: 'lineNo' },
                      { title: t('product.code'), dataIndex: 'productCode' },
                      { title: t('product.name'), dataIndex: 'productName' },
                      { title: t('purchase.quantity'), dataIndex: 'quantity', align: 'right' },
                      { title: t('purchase.unitPrice'), dataIndex: 'unitPrice', align: 'right', render: money },
                      { title: t('purchase.amount'), dataIndex: 'amount', align: 'right', render: money },
                      { title: t('purchase.batchNo'), dataIndex: 'batchNo' },
                    ]}
                  />
                ),
              },
              { key: 'audit', label: t('doc.audit'), children: <AuditTrail queryKey={['purchase-return', r.id]} load={auditOf('purchase_return', r.id)} /> },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
