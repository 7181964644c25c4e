import { UploadOutlined } from '@ant-design/icons';
import { ProFormDatePicker, ProFormSelect, ProFormSwitch, ProFormText, ProFormTextArea, ProFormDependency, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Form, Space, Tabs, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { money, PrintSheet, ReasonAction, StatusTag, statusEnum, useRunAction } from '../../lib/documents';
import { auditTab, DocDrawer, DocumentListScreen, linesTab, PrintExportButtons, PrintModal, useDocRefresh } from '../../lib/DocumentScreen';
import { EntityForm } from '../../lib/EntityForm';
import { ImportDialog } from '../../lib/ImportDialog';
import { searchSuppliers } from '../../lib/lookups';
import { cleanLines, ProductLines } from '../../lib/ProductLines';
import { refOptions, useWarehouses } from '../../lib/refs';
import type { ListQuery, Page } from '../../lib/ServerTable';
import { ORDER_STATUSES, type PurchaseOrder } from './types';

type OrderValues = HqSchemas['SavePurchaseOrderDto'] & Record<string, unknown>;

export const getOrder = async (id: string) => ok<PurchaseOrder>(await api.GET('/api/purchase-orders/{id}', { params: { path: { id } } }));

/** HQ's own receiving warehouses (normal, active, of the user's org). */
export function useHqWarehouses() {
  const { me } = useAuth();
  return useWarehouses().filter((w) => w.kind === 'normal' && w.status === 'active' && w.orgUnitId === me?.orgUnit.id);
}

/** 采购管理 → 采购订单: list, create from a supplier, submit, approve by level, print. */
export default function PurchaseOrders() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const columns = (open: (id: string) => void): ProColumns<PurchaseOrder>[] => [
    { title: t('common.search'), dataIndex: 'search', hideInTable: true, fieldProps: { placeholder: t('purchase.numberHint') } },
    { title: t('purchase.number'), dataIndex: 'number', sorter: true, search: false, render: (_, r) => <a onClick={() => open(r.id)}>{r.number}</a> },
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
    { title: t('purchase.orderDate'), dataIndex: 'orderDate', sorter: true, search: false },
    { title: t('purchase.period'), dataIndex: 'period', valueType: 'dateRange', hideInTable: true, search: { transform: (v: [string, string]) => ({ from: v[0], to: v[1] }) } },
    { title: t('purchase.expectedDate'), dataIndex: 'expectedDate', sorter: true, search: false },
    { title: t('common.status'), dataIndex: 'status', valueType: 'select', valueEnum: statusEnum(t, ORDER_STATUSES), render: (_, r) => <StatusTag status={r.status} /> },
    { title: t('purchase.totalAmount'), dataIndex: 'totalAmount', sorter: true, search: false, align: 'right', renderText: money },
    {
      title: t('purchase.lateEntry'),
      dataIndex: 'lateEntry',
      valueType: 'select',
      valueEnum: { true: { text: t('common.yes') }, false: { text: t('common.no') } },
      render: (_, r) => (r.lateEntry ? <Tag color="orange">{t('purchase.lateEntry')}</Tag> : null),
    },
  ];
  return (
    <DocumentListScreen<PurchaseOrder, PurchaseOrder>
      title={t('menu.purchaseOrders')}
      listId="purchase-orders"
      columns={columns}
      fetchPage={async (q: ListQuery) => ok<Page<PurchaseOrder>>(await api.GET('/api/purchase-orders', { params: { query: q as never } }))}
      writable={can('purchase.order.write') && me?.orgUnit.kind === 'hq'}
      createTestId="po-create"
      form={(p) => <OrderForm {...p} />}
      drawer={(p) => <OrderDrawer {...p} />}
    />
  );
}

function OrderForm(props: { open: boolean; onOpenChange(v: boolean): void; record?: PurchaseOrder; onSaved(o: { id: string }): void }) {
  const { t } = useTranslation();
  const warehouses = useHqWarehouses();
  const saved = useRef<PurchaseOrder>();
  return (
    <EntityForm<PurchaseOrder, OrderValues>
      title={props.record ? t('purchase.editOrder', { number: props.record.number }) : t('purchase.createOrder')}
      formName="purchase-order"
      open={props.open}
      onOpenChange={props.onOpenChange}
      record={props.record}
      width={1100}
      defaults={{ lines: [{}], warehouseId: warehouses[0]?.id } as Partial<OrderValues>}
      toValues={(r) =>
        ({
          supplierId: r.supplierId,
          warehouseId: r.warehouseId,
          expectedDate: r.expectedDate,
          remark: r.remark,
          lateEntry: r.lateEntry,
          orderDate: r.orderDate,
          lateReason: r.lateReason,
          lines: (r.lines ?? []).map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice, taxRate: l.taxRate, note: l.note })),
        }) as Partial<OrderValues>
      }
      fetchRecord={getOrder}
      submit={async (values, record) => {
        const body = { ...values, lines: cleanLines(values.lines as never) } as OrderValues;
        if (!body.lateEntry) {
          delete body.orderDate;
          delete body.lateReason;
        }
        saved.current = record
          ? ok<PurchaseOrder>(await api.PUT('/api/purchase-orders/{id}', { params: { path: { id: record.id } }, body: { ...body, expectedVersion: record.rowVersion } }))
          : ok<PurchaseOrder>(await api.POST('/api/purchase-orders', { body }));
      }}
      onSaved={() => saved.current && props.onSaved(saved.current)}
    >
      <ProFormSelect
        name="supplierId"
        label={t('purchase.supplier')}
        colProps={{ span: 8 }}
        rules={[{ required: true }]}
        showSearch
        request={({ keyWords }) => searchSuppliers(keyWords)}
        debounceTime={300}
        fieldProps={{ 'data-testid': 'po-supplier' } as never}
      />
      <ProFormSelect name="warehouseId" label={t('purchase.warehouse')} colProps={{ span: 6 }} rules={[{ required: true }]} options={refOptions(warehouses)} showSearch />
      <ProFormDatePicker name="expectedDate" label={t('purchase.expectedDate')} colProps={{ span: 5 }} fieldProps={{ format: 'YYYY-MM-DD' }} />
      <ProFormSwitch name="lateEntry" label={t('purchase.lateEntry')} colProps={{ span: 5 }} />
      <ProFormDependency name={['lateEntry']}>
        {({ lateEntry }) =>
          lateEntry ? (
            <>
              <ProFormDatePicker name="orderDate" label={t('purchase.orderDate')} colProps={{ span: 6 }} rules={[{ required: true }]} fieldProps={{ format: 'YYYY-MM-DD' }} />
              <ProFormText name="lateReason" label={t('purchase.lateReason')} colProps={{ span: 18 }} rules={[{ required: true }]} />
            </>
          ) : null
        }
      </ProFormDependency>
      <ProFormTextArea name="remark" label={t('purchase.remark')} colProps={{ span: 24 }} fieldProps={{ rows: 1 }} />
      <div style={{ width: '100%', padding: '0 8px' }}>
        <LinesOfForm />
      </div>
    </EntityForm>
  );
}

/** The order's lines: product, quantity, price (blank = the supplier's last price), tax rate. */
function LinesOfForm() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  return (
    <Form.Item label={t('purchase.lines')} required style={{ marginBottom: 0 }}>
      <ProductLines
        form={form}
        scan
        columns={[
          { name: 'quantity', title: t('purchase.quantity'), width: 110, required: true },
          { name: 'unitPrice', title: t('purchase.unitPrice'), width: 150, placeholder: t('purchase.lastPriceHint') },
          { name: 'taxRate', title: t('purchase.taxRate'), width: 90 },
          { name: 'note', title: t('purchase.note'), width: 160 },
        ]}
      />
    </Form.Item>
  );
}

export function useOrder(id: string) {
  return useQuery({ queryKey: ['purchase-order', id], queryFn: () => getOrder(id) });
}

function OrderDrawer(props: { id: string; onClose(): void; onChanged(): void; onEdit(o: PurchaseOrder): void }) {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const order = useOrder(props.id);
  const run = useRunAction();
  const [printing, setPrinting] = useState(false);
  const [importing, setImporting] = useState(false);
  const o = order.data;
  const refresh = useDocRefresh('purchase-order', props.id, props.onChanged);
  const hq = me?.orgUnit.kind === 'hq';
  const write = can('purchase.order.write') && hq;
  const approve = (can('purchase.order.approve') || can('purchase.order.approve.high')) && hq;
  const path = { params: { path: { id: props.id } } };

  const actions = o && (
    <Space wrap className="no-print">
      {o.status === 'draft' && write && <Button onClick={() => props.onEdit(o)}>{t('common.edit')}</Button>}
      {o.status === 'draft' && write && (
        <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="po-import-lines">
          {t('purchase.importLines')}
        </Button>
      )}
      {o.status === 'draft' && write && (
        <Button type="primary" data-testid="po-submit" onClick={() => run(async () => ok(await api.POST('/api/purchase-orders/{id}/submit', path)), refresh)}>
          {t('purchase.submit')}
        </Button>
      )}
      {o.status === 'submitted' && approve && (
        <Button type="primary" data-testid="po-approve" onClick={() => run(async () => ok(await api.POST('/api/purchase-orders/{id}/approve', path)), refresh)}>
          {t('purchase.approve')}
        </Button>
      )}
      {o.status === 'submitted' && approve && (
        <ReasonAction
          label={t('purchase.reject')}
          danger
          onSubmit={(reason) => run(async () => ok(await api.POST('/api/purchase-orders/{id}/reject', { ...path, body: { reason } })), refresh)}
        />
      )}
      {['approved', 'partially_received'].includes(o.status) && can('purchase.receipt.write') && hq && (
        <Button type="primary" data-testid="po-receive" onClick={() => navigate(`/purchase/receipts?orderId=${o.id}`)}>
          {t('purchase.receive')}
        </Button>
      )}
      {['approved', 'partially_received', 'received'].includes(o.status) && write && (
        <ReasonAction
          label={t('purchase.close')}
          required={o.status !== 'received'}
          onSubmit={(reason) => run(async () => ok(await api.POST('/api/purchase-orders/{id}/close', { ...path, body: reason ? { reason } : {} })), refresh)}
        />
      )}
      {['draft', 'submitted', 'approved'].includes(o.status) && write && (
        <ReasonAction
          label={t('purchase.cancel')}
          danger
          onSubmit={(reason) => run(async () => ok(await api.POST('/api/purchase-orders/{id}/cancel', { ...path, body: { reason } })), refresh)}
        />
      )}
      <PrintExportButtons onPrint={() => setPrinting(true)} printTestId="po-print-view" path={`/api/purchase-orders/${o.id}/document`} fileName={`${o.number}.xlsx`} />
    </Space>
  );

  return (
    <DocDrawer title={t('menu.purchaseOrders')} doc={o} error={order.isError && order.error} width={1000} testId="po-drawer" onClose={props.onClose}>
      {(o) => (
        <>
          {actions}
          <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('purchase.supplier')}>{o.supplier ? `${o.supplier.code} ${o.supplier.name}` : '-'}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.warehouse')}>{o.warehouse?.name ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.orderDate')}>{o.orderDate}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.expectedDate')}>{o.expectedDate ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.totalAmount')}>{money(o.totalAmount)}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.totalTax')}>{money(o.totalTax)}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.approvals')}>
              {(o.approvals ?? []).length} / {o.requiredApprovals} {(o.approvals ?? []).map((a) => a.username).join(', ')}
            </Descriptions.Item>
            {o.lateEntry && <Descriptions.Item label={t('purchase.lateEntry')}>{o.lateReason}</Descriptions.Item>}
            {o.closeReason && <Descriptions.Item label={t('purchase.closeReason')}>{o.closeReason}</Descriptions.Item>}
            {o.remark && <Descriptions.Item label={t('purchase.remark')}>{o.remark}</Descriptions.Item>}
          </Descriptions>
          <Tabs
            items={[
              linesTab(t('purchase.lines'), t, o.lines ?? [], [
                { title: t('purchase.quantity'), dataIndex: 'quantity', align: 'right' },
                { title: t('purchase.receivedQty'), dataIndex: 'receivedQty', align: 'right' },
                { title: t('purchase.outstandingQty'), dataIndex: 'outstandingQty', align: 'right' },
                { title: t('purchase.unitPrice'), dataIndex: 'unitPrice', align: 'right', render: money },
                { title: t('purchase.taxRate'), dataIndex: 'taxRate', align: 'right' },
                { title: t('purchase.amount'), dataIndex: 'amount', align: 'right', render: money },
              ]),
              auditTab(t, 'purchase-order', o.id, () => api.GET('/api/purchase-orders/{id}/audit', path)),
            ]}
          />
          <ImportDialog
            open={importing}
            onClose={() => setImporting(false)}
            entity="purchase-order-lines"
            title={t('purchase.importLinesTitle', { number: o.number })}
            lines={{
              path: `/api/purchase-orders/${o.id}/lines/import`,
              templatePath: '/api/purchasing/templates/purchase-order-lines',
              templateName: '采购订单明细模板.xlsx',
              linesBefore: o.lines?.length ?? 0,
            }}
            onCommitted={refresh}
          />
          <PrintModal open={printing} onClose={() => setPrinting(false)}>
            <PrintSheet
              title={`${t('purchase.orderSheet')} ${o.number}`}
              head={[
                [t('purchase.supplier'), o.supplier ? `${o.supplier.code} ${o.supplier.name}` : '-'],
                [t('purchase.warehouse'), o.warehouse?.name ?? '-'],
                [t('purchase.orderDate'), o.orderDate],
                [t('purchase.expectedDate'), o.expectedDate ?? '-'],
                [t('common.status'), t(`docStatus.${o.status}`)],
                [t('purchase.totalAmount'), money(o.totalAmount)],
              ]}
              lines={o.lines ?? []}
              columns={[
                { title: t('product.code'), value: (l) => l.productCode },
                { title: t('product.name'), value: (l) => l.productName },
                { title: t('product.unit'), value: (l) => l.unitName ?? '' },
                { title: t('purchase.quantity'), value: (l) => l.quantity, num: true },
                { title: t('purchase.unitPrice'), value: (l) => money(l.unitPrice), num: true },
                { title: t('purchase.amount'), value: (l) => money(l.amount), num: true },
              ]}
              signatures={[t('purchase.signBuyer'), t('purchase.signApprover'), t('purchase.signSupplier')]}
            />
          </PrintModal>
        </>
      )}
    </DocDrawer>
  );
}
