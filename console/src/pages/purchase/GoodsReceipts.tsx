import { PlusOutlined } from '@ant-design/icons';
import {
  ModalForm,
  PageContainer,
  ProFormDatePicker,
  ProFormDependency,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProFormTextArea,
  type ActionType,
  type ProColumns,
} from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Form, Input, Modal, Space, Table, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { AuditTrail, money, PrintButton, PrintSheet, StatusTag, statusEnum, useRunAction, type AuditRow } from '../../lib/documents';
import { EntityForm, type Versioned } from '../../lib/EntityForm';
import { searchSuppliers } from '../../lib/lookups';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { FreeDocumentForm } from './FreeDocuments';
import { getOrder } from './PurchaseOrders';
import type { GoodsReceipt, OrderLine, PurchaseOrder, ReceiptLine } from './types';

const getReceipt = async (id: string) => ok<GoodsReceipt>(await api.GET('/api/goods-receipts/{id}', { params: { path: { id } } }));
const newKey = (prefix: string) => `${prefix}-${crypto.randomUUID()}`;

/** The audit trail of any document (needs system.audit.read; otherwise the tab says so). */
export const auditOf = (entityType: string, entityId: string) => async () =>
  ok<{ items: AuditRow[] }>(await api.GET('/api/audit', { params: { query: { entityType, entityId, sort: ['at'], pageSize: 200 } as never } })).items;

/** Orders that can still be received, for the picker. */
async function receivableOrders(keyWords?: string) {
  const res = await Promise.all(
    (['approved', 'partially_received'] as const).map(
      async (status) => ok<Page<PurchaseOrder>>(await api.GET('/api/purchase-orders', { params: { query: { status, search: keyWords || undefined, pageSize: 20 } } })).items,
    ),
  );
  return res.flat().map((o) => ({ label: `${o.number} ${o.supplier?.name ?? ''} ${o.orderDate}`, value: o.id }));
}

/** 采购管理 → 验收入库: receive against an approved order with the actual quantities, batches and expiry; post; correct; return. */
export default function GoodsReceipts() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const actionRef = useRef<ActionType>();
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const orderId = params.get('orderId') ?? undefined;
  const [formOpen, setFormOpen] = useState(!!orderId);
  const [freeOpen, setFreeOpen] = useState(false);
  const justSaved = useRef(false);
  const writable = can('purchase.receipt.write') && me?.orgUnit.kind === 'hq';
  useEffect(() => {
    if (orderId) setFormOpen(true);
  }, [orderId]);

  const columns: ProColumns<GoodsReceipt>[] = [
    { title: t('common.search'), dataIndex: 'search', hideInTable: true, fieldProps: { placeholder: t('purchase.numberHint') } },
    { title: t('purchase.number'), dataIndex: 'number', sorter: true, search: false, render: (_, r) => <a onClick={() => setParams({ id: r.id })}>{r.number}</a> },
    {
      title: t('purchase.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      valueEnum: { receipt: { text: t('purchase.kindReceipt') }, correction: { text: t('purchase.kindCorrection') } },
    },
    { title: t('purchase.order'), dataIndex: 'order', search: false, render: (_, r) => r.order?.number ?? '-' },
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
    { title: t('purchase.businessDate'), dataIndex: 'businessDate', sorter: true, search: false },
    { title: t('purchase.period'), dataIndex: 'period', valueType: 'dateRange', hideInTable: true, search: { transform: (v: [string, string]) => ({ from: v[0], to: v[1] }) } },
    { title: t('purchase.deliveryNoteNo'), dataIndex: 'deliveryNoteNo', search: false },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: statusEnum(t, ['draft', 'posted', 'cancelled']),
      render: (_, r) => <StatusTag status={r.status} />,
    },
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
    <PageContainer title={t('menu.goodsReceipts')}>
      <ServerTable<GoodsReceipt>
        id="goods-receipts"
        headerTitle={t('menu.goodsReceipts')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<GoodsReceipt>>(await api.GET('/api/goods-receipts', { params: { query: q as never } }))}
        toolBar={
          writable
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setFormOpen(true)} data-testid="gr-create">
                  {t('purchase.createReceipt')}
                </Button>,
                ...(can('purchase.receipt.without-order')
                  ? [
                      <Button key="free" icon={<PlusOutlined />} onClick={() => setFreeOpen(true)} data-testid="gr-create-free">
                        {t('purchase.freeReceipt')}
                      </Button>,
                    ]
                  : []),
              ]
            : []
        }
      />
      {writable && (
        <FreeDocumentForm
          kind="receipt"
          open={freeOpen}
          onOpenChange={setFreeOpen}
          onSaved={(id) => {
            setFreeOpen(false);
            void actionRef.current?.reload();
            setParams({ id });
          }}
        />
      )}
      {writable && (
        <ReceiptForm
          open={formOpen}
          orderId={orderId}
          onOpenChange={(v) => {
            setFormOpen(v);
            // closing without saving forgets the order it was opened for (saving shows the receipt)
            if (!v && !justSaved.current && orderId) setParams({});
            justSaved.current = false;
          }}
          onSaved={(r) => {
            justSaved.current = true;
            setFormOpen(false);
            void actionRef.current?.reload();
            setParams({ id: r.id });
          }}
        />
      )}
      {openId && <ReceiptDrawer id={openId} onClose={() => setParams({})} onChanged={() => void actionRef.current?.reload()} />}
    </PageContainer>
  );
}

interface ReceiptFormLine extends Record<string, unknown> {
  orderLineId: string;
  quantity?: string;
  batchNo?: string;
  expiryDate?: string;
}
interface ReceiptValues extends Record<string, unknown> {
  orderId: string;
  deliveryNoteNo?: string;
  lateEntry?: boolean;
  businessDate?: string;
  lateReason?: string;
  remark?: string;
  post?: boolean;
  lines: ReceiptFormLine[];
}

/** Asks whether a repeated delivery note is really a new delivery. */
function confirmAsync(modal: ReturnType<typeof App.useApp>['modal'], title: string, content: string, okText: string, cancelText: string): Promise<boolean> {
  return new Promise((resolve) => {
    modal.confirm({ title, content, okText, cancelText, onOk: () => resolve(true), onCancel: () => resolve(false) });
  });
}

function ReceiptForm(props: { open: boolean; orderId?: string; onOpenChange(v: boolean): void; onSaved(r: GoodsReceipt): void }) {
  const { t } = useTranslation();
  // one idempotency key per opening: a resubmit after a lost answer gets the first receipt back
  const key = useRef(newKey('gr'));
  useEffect(() => {
    if (props.open) key.current = newKey('gr');
  }, [props.open]);
  const { modal } = App.useApp();
  const saved = useRef<GoodsReceipt>();
  return (
    <EntityForm<GoodsReceipt & Versioned, ReceiptValues>
      title={t('purchase.createReceipt')}
      formName="goods-receipt"
      open={props.open}
      onOpenChange={props.onOpenChange}
      width={1150}
      defaults={{ orderId: props.orderId, post: true, lines: [] }}
      toValues={() => ({})}
      fetchRecord={getReceipt}
      submit={async (values) => {
        // lines left blank or 0 are not received this time; errors are mapped back to the rows on screen
        const sent = values.lines.map((l, i) => ({ l, i })).filter(({ l }) => l.quantity && Number(l.quantity) !== 0);
        const body = {
          orderId: values.orderId,
          deliveryNoteNo: values.deliveryNoteNo,
          remark: values.remark,
          post: !!values.post,
          idempotencyKey: key.current,
          ...(values.lateEntry ? { lateEntry: true, businessDate: values.businessDate, lateReason: values.lateReason } : {}),
          lines: sent.map(({ l }) => ({
            orderLineId: l.orderLineId,
            quantity: String(l.quantity).trim(),
            ...(l.batchNo ? { batchNo: l.batchNo.trim() } : {}),
            ...(l.expiryDate ? { expiryDate: l.expiryDate } : {}),
          })),
        };
        const send = async (confirmDuplicateNote: boolean) => ok<GoodsReceipt>(await api.POST('/api/goods-receipts', { body: { ...body, confirmDuplicateNote } }));
        try {
          try {
            saved.current = await send(false);
          } catch (e) {
            if (
              e instanceof ApiError &&
              e.code === 'PURCHASE_DUPLICATE_DELIVERY_NOTE' &&
              (await confirmAsync(modal, t('purchase.duplicateNote'), t('purchase.duplicateNoteBody', { message: e.message }), t('purchase.continue'), t('common.cancel')))
            ) {
              saved.current = await send(true);
            } else throw e;
          }
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          const remapped = e.fields.map((f) => {
            const m = /^lines\.(\d+)\.(.*)$/.exec(f.field);
            return m && sent[Number(m[1])] ? { ...f, field: `lines.${sent[Number(m[1])].i}.${m[2]}` } : f;
          });
          throw new ApiError(e.status, { ...e.body, fields: remapped });
        }
      }}
      onSaved={() => saved.current && props.onSaved(saved.current)}
    >
      <OrderPicker />
      <ProFormText name="deliveryNoteNo" label={t('purchase.deliveryNoteNo')} colProps={{ span: 6 }} fieldProps={{ 'data-testid': 'gr-note' }} />
      <ProFormSwitch name="post" label={t('purchase.postNow')} colProps={{ span: 4 }} />
      <ProFormSwitch name="lateEntry" label={t('purchase.lateEntry')} colProps={{ span: 4 }} />
      <ProFormDependency name={['lateEntry']}>
        {({ lateEntry }) =>
          lateEntry ? (
            <>
              <ProFormDatePicker name="businessDate" label={t('purchase.businessDate')} colProps={{ span: 6 }} rules={[{ required: true }]} fieldProps={{ format: 'YYYY-MM-DD' }} />
              <ProFormText name="lateReason" label={t('purchase.lateReason')} colProps={{ span: 18 }} rules={[{ required: true }]} />
            </>
          ) : null
        }
      </ProFormDependency>
      <ProFormTextArea name="remark" label={t('purchase.remark')} colProps={{ span: 24 }} fieldProps={{ rows: 1 }} />
      <ReceiptLines />
    </EntityForm>
  );
}

/** The order select; picking an order fills the lines with what is still outstanding. */
function OrderPicker() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const orderId = Form.useWatch('orderId', form) as string | undefined;
  const order = useQuery({ queryKey: ['purchase-order', orderId], enabled: !!orderId, queryFn: () => getOrder(orderId!) });
  useEffect(() => {
    if (!order.data) return;
    const lines = (order.data.lines ?? []).filter((l) => Number(l.outstandingQty) > 0);
    form.setFieldValue(
      'lines',
      lines.map((l) => ({ orderLineId: l.id, quantity: l.outstandingQty })),
    );
    form.setFieldValue('__order', order.data);
  }, [order.data, form]);
  return (
    <ProFormSelect
      name="orderId"
      label={t('purchase.pickOrder')}
      colProps={{ span: 10 }}
      rules={[{ required: true }]}
      showSearch
      request={async ({ keyWords }) => {
        const opts = await receivableOrders(keyWords);
        if (orderId && !opts.some((o) => o.value === orderId) && order.data) opts.unshift({ label: `${order.data.number} ${order.data.supplier?.name ?? ''}`, value: orderId });
        return opts;
      }}
      params={{ current: order.data?.id }}
      debounceTime={300}
      fieldProps={{ 'data-testid': 'gr-order' } as never}
    />
  );
}

/** One row per outstanding order line: actual quantity, batch and expiry where the product needs them. */
function ReceiptLines() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const order = Form.useWatch('__order', form) as PurchaseOrder | undefined;
  const byId = new Map((order?.lines ?? []).map((l) => [l.id, l]));
  return (
    <div style={{ width: '100%', padding: '0 8px' }}>
      <Form.Item name="__order" hidden>
        <Input />
      </Form.Item>
      <Form.List name="lines">
        {(fields) =>
          fields.length === 0 ? (
            order ? (
              <Alert type="info" message={t('purchase.noLines')} />
            ) : null
          ) : (
            <Table<{ key: number; name: number }>
              size="small"
              pagination={false}
              dataSource={fields.map((f) => ({ key: f.key, name: f.name }))}
              columns={[
                { title: t('product.code'), render: (_, f) => line(form, byId, f.name)?.productCode },
                { title: t('product.name'), render: (_, f) => line(form, byId, f.name)?.productName },
                { title: t('purchase.orderedQty'), align: 'right', render: (_, f) => line(form, byId, f.name)?.quantity },
                { title: t('purchase.outstandingQty'), align: 'right', render: (_, f) => line(form, byId, f.name)?.outstandingQty },
                { title: t('purchase.unitPrice'), align: 'right', render: (_, f) => money(line(form, byId, f.name)?.unitPrice) },
                {
                  title: t('purchase.actualQty'),
                  width: 120,
                  render: (_, f) => (
                    <Form.Item name={[f.name, 'quantity']} style={{ margin: 0 }}>
                      <Input data-testid={`gr-qty-${f.name}`} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('purchase.batchNo'),
                  width: 140,
                  render: (_, f) =>
                    line(form, byId, f.name)?.batchManaged ? (
                      <Form.Item name={[f.name, 'batchNo']} style={{ margin: 0 }} rules={[{ required: true, message: t('doc.required') }]}>
                        <Input data-testid={`gr-batch-${f.name}`} />
                      </Form.Item>
                    ) : (
                      '-'
                    ),
                },
                {
                  title: t('purchase.expiryDate'),
                  width: 150,
                  render: (_, f) =>
                    line(form, byId, f.name)?.batchManaged ? (
                      <Form.Item
                        name={[f.name, 'expiryDate']}
                        style={{ margin: 0 }}
                        rules={[{ required: true, message: t('doc.required') }]}
                        getValueProps={(v: string | undefined) => ({ value: v ? dayjs(v) : undefined })}
                        getValueFromEvent={(d: dayjs.Dayjs | null) => d?.format('YYYY-MM-DD')}
                      >
                        <DatePicker data-testid={`gr-expiry-${f.name}`} />
                      </Form.Item>
                    ) : (
                      '-'
                    ),
                },
              ]}
            />
          )
        }
      </Form.List>
    </div>
  );
}

function line(form: ReturnType<typeof Form.useFormInstance>, byId: Map<string, OrderLine>, index: number): OrderLine | undefined {
  return byId.get(form.getFieldValue(['lines', index, 'orderLineId']) as string);
}

function ReceiptDrawer(props: { id: string; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const qc = useQueryClient();
  const run = useRunAction();
  const receipt = useQuery({ queryKey: ['goods-receipt', props.id], queryFn: () => getReceipt(props.id) });
  const [printing, setPrinting] = useState(false);
  const r = receipt.data;
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['goods-receipt', props.id] });
    void qc.invalidateQueries({ queryKey: ['audit', 'goods-receipt', props.id] });
    props.onChanged();
  };
  const write = can('purchase.receipt.write') && me?.orgUnit.kind === 'hq';
  const path = { params: { path: { id: props.id } } };

  return (
    <Drawer
      open
      width={1050}
      title={r ? `${t(r.kind === 'correction' ? 'purchase.kindCorrection' : 'purchase.kindReceipt')} ${r.number}` : ''}
      onClose={props.onClose}
      extra={r && <StatusTag status={r.status} />}
      data-testid="gr-drawer"
    >
      {r && (
        <>
          <Space wrap className="no-print">
            {r.status === 'draft' && write && (
              <Button
                type="primary"
                data-testid="gr-post"
                onClick={() =>
                  run(async () => ok(await api.POST('/api/goods-receipts/{id}/post', { ...path, body: { idempotencyKey: newKey('grp'), confirmDuplicateNote: true } })), refresh)
                }
              >
                {t('purchase.post')}
              </Button>
            )}
            {r.status === 'draft' && write && (
              <Button danger onClick={() => run(async () => ok(await api.POST('/api/goods-receipts/{id}/cancel', path)), refresh)}>
                {t('purchase.cancel')}
              </Button>
            )}
            {r.status === 'posted' && r.kind === 'receipt' && write && <CorrectionForm receipt={r} onDone={refresh} />}
            {r.status === 'posted' && r.kind === 'receipt' && can('purchase.return.write') && me?.orgUnit.kind === 'hq' && <ReturnForm receipt={r} onDone={refresh} />}
            <Button onClick={() => setPrinting(true)}>{t('doc.printView')}</Button>
          </Space>
          <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('purchase.supplier')}>{r.supplier ? `${r.supplier.code} ${r.supplier.name}` : '-'}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.warehouse')}>{r.warehouse?.name ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.order')}>{r.order?.number ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.businessDate')}>{r.businessDate}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.deliveryNoteNo')}>{r.deliveryNoteNo ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('purchase.totalAmount')}>{money(r.totalAmount)}</Descriptions.Item>
            {r.reverses && <Descriptions.Item label={t('purchase.reverses')}>{r.reverses.number}</Descriptions.Item>}
            {r.reason && <Descriptions.Item label={t('doc.reason')}>{r.reason}</Descriptions.Item>}
            {r.lateEntry && <Descriptions.Item label={t('purchase.lateEntry')}>{r.lateReason}</Descriptions.Item>}
          </Descriptions>
          <Tabs
            items={[
              {
                key: 'lines',
                label: t('purchase.lines'),
                children: (
                  <Table<ReceiptLine>
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={r.lines ?? []}
                    scroll={{ x: 'max-content' }}
                    columns={[
                      { title: '#', dataIndex: 'lineNo' },
                      { title: t('product.code'), dataIndex: 'productCode' },
                      { title: t('product.name'), dataIndex: 'productName' },
                      { title: t('purchase.orderedQty'), dataIndex: 'orderedQty', align: 'right' },
                      { title: t('purchase.actualQty'), dataIndex: 'quantity', align: 'right' },
                      { title: t('purchase.unitPrice'), dataIndex: 'unitPrice', align: 'right', render: money },
                      { title: t('purchase.amount'), dataIndex: 'amount', align: 'right', render: money },
                      { title: t('purchase.unitCost'), dataIndex: 'unitCost', align: 'right' },
                      { title: t('purchase.batchNo'), dataIndex: 'batchNo' },
                      { title: t('purchase.expiryDate'), dataIndex: 'expiryDate' },
                    ]}
                  />
                ),
              },
              { key: 'audit', label: t('doc.audit'), children: <AuditTrail queryKey={['goods-receipt', r.id]} load={auditOf('goods_receipt', r.id)} /> },
            ]}
          />
          <Modal open={printing} onCancel={() => setPrinting(false)} width={900} footer={<PrintButton />} title={t('doc.printView')}>
            <PrintSheet
              title={`${t('purchase.receiptSheet')} ${r.number}`}
              head={[
                [t('purchase.supplier'), r.supplier ? `${r.supplier.code} ${r.supplier.name}` : '-'],
                [t('purchase.warehouse'), r.warehouse?.name ?? '-'],
                [t('purchase.order'), r.order?.number ?? '-'],
                [t('purchase.businessDate'), r.businessDate],
                [t('purchase.deliveryNoteNo'), r.deliveryNoteNo ?? '-'],
                [t('common.status'), t(`docStatus.${r.status}`)],
              ]}
              lines={r.lines ?? []}
              columns={[
                { title: t('product.code'), value: (l) => l.productCode },
                { title: t('product.name'), value: (l) => l.productName },
                { title: t('purchase.orderedQty'), value: (l) => l.orderedQty ?? '', num: true },
                { title: t('purchase.actualQty'), value: (l) => l.quantity, num: true },
                { title: t('purchase.unitPrice'), value: (l) => money(l.unitPrice), num: true },
                { title: t('purchase.amount'), value: (l) => money(l.amount), num: true },
                { title: t('purchase.batchNo'), value: (l) => l.batchNo ?? '' },
                { title: t('purchase.expiryDate'), value: (l) => l.expiryDate ?? '' },
              ]}
              foot={<p style={{ textAlign: 'right' }}>{`${t('purchase.totalAmount')}：${money(r.totalAmount)}`}</p>}
              signatures={[t('purchase.signReceiver'), t('purchase.signKeeper'), t('purchase.signApprover')]}
            />
          </Modal>
        </>
      )}
    </Drawer>
  );
}

/** 更正: take back (some of) a posted receipt's lines with a reason; a new correction document. */
function CorrectionForm({ receipt, onDone }: { receipt: GoodsReceipt; onDone(): void }) {
  const key = useRef(newKey('grc'));
  const { t } = useTranslation();
  const run = useRunAction();
  return (
    <ModalForm<{ reason: string; qty: Record<string, string> }>
      title={t('purchase.correctTitle', { number: receipt.number })}
      trigger={<Button>{t('purchase.correct')}</Button>}
      onOpenChange={(open) => open && (key.current = newKey('grc'))}
      modalProps={{ destroyOnClose: true }}
      width={760}
      onFinish={async (v) => {
        const lines = (receipt.lines ?? []).filter((l) => v.qty?.[l.lineNo]?.trim()).map((l) => ({ lineNo: l.lineNo, quantity: v.qty[l.lineNo].trim() }));
        return run(
          async () =>
            ok(
              await api.POST('/api/goods-receipts/{id}/corrections', {
                params: { path: { id: receipt.id } },
                body: { reason: v.reason, idempotencyKey: key.current, ...(lines.length ? { lines } : {}) },
              }),
            ),
          onDone,
        );
      }}
    >
      <Alert type="info" showIcon message={t('purchase.correctHint')} style={{ marginBottom: 12 }} />
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={receipt.lines ?? []}
        columns={[
          { title: '#', dataIndex: 'lineNo' },
          { title: t('product.name'), render: (_, l: ReceiptLine) => `${l.productCode} ${l.productName}` },
          { title: t('purchase.actualQty'), dataIndex: 'quantity', align: 'right' },
          {
            title: t('purchase.correctQty'),
            render: (_, l: ReceiptLine) => (
              <Form.Item name={['qty', String(l.lineNo)]} style={{ margin: 0 }}>
                <Input style={{ width: 100 }} />
              </Form.Item>
            ),
          },
        ]}
      />
      <ProFormTextArea name="reason" label={t('doc.reason')} rules={[{ required: true, whitespace: true }]} />
    </ModalForm>
  );
}

/** 采购退货 from a posted receipt: prices and batches come from its lines. */
function ReturnForm({ receipt, onDone }: { receipt: GoodsReceipt; onDone(): void }) {
  const key = useRef(newKey('pr'));
  const { t } = useTranslation();
  const run = useRunAction();
  return (
    <ModalForm<{ reason: string; qty: Record<string, string>; post: boolean }>
      title={t('purchase.returnTitle', { number: receipt.number })}
      trigger={<Button>{t('purchase.purchaseReturn')}</Button>}
      onOpenChange={(open) => open && (key.current = newKey('pr'))}
      modalProps={{ destroyOnClose: true }}
      initialValues={{ post: true }}
      width={760}
      onFinish={async (v) => {
        const lines = (receipt.lines ?? []).filter((l) => v.qty?.[l.id]?.trim()).map((l) => ({ receiptLineId: l.id, quantity: v.qty[l.id].trim() }));
        return run(
          async () => ok(await api.POST('/api/purchase-returns', { body: { receiptId: receipt.id, reason: v.reason, post: v.post, idempotencyKey: key.current, lines } })),
          onDone,
        );
      }}
    >
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={receipt.lines ?? []}
        columns={[
          { title: t('product.name'), render: (_, l: ReceiptLine) => `${l.productCode} ${l.productName}` },
          { title: t('purchase.actualQty'), dataIndex: 'quantity', align: 'right' },
          { title: t('purchase.batchNo'), dataIndex: 'batchNo' },
          {
            title: t('purchase.returnQty'),
            render: (_, l: ReceiptLine) => (
              <Form.Item name={['qty', l.id]} style={{ margin: 0 }}>
                <Input style={{ width: 100 }} />
              </Form.Item>
            ),
          },
        ]}
      />
      <ProFormTextArea name="reason" label={t('purchase.returnReason')} rules={[{ required: true, whitespace: true }]} />
      <ProFormSwitch name="post" label={t('purchase.postReturn')} />
    </ModalForm>
  );
}
