import { ModalForm, ProFormDatePicker, ProFormSelect, ProFormSwitch, ProFormTextArea, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Form, Input, Space, Table, Tabs, Tag, type FormInstance } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { dateTime, money, PrintSheet, ReasonAction, StatusTag, useRunAction } from '../../lib/documents';
import { EntityForm } from '../../lib/EntityForm';
import { DocumentListScreen } from '../../lib/DocumentScreen';
import { cleanLines, ProductLines } from '../../lib/ProductLines';
import { refOptions, useWarehouses } from '../../lib/refs';
import type { ListQuery, Page } from '../../lib/ServerTable';
import {
  auditTab,
  customerHead,
  customerText,
  DocDrawer,
  docListColumns,
  linesTab,
  newKey,
  ORDER_STATUSES,
  PrintExportButtons,
  PrintModal,
  printColumns,
  searchCustomers,
  useCreditChecked,
  useDocRefresh,
  type DocRow,
  type OrderLine,
  type WholesaleOrder,
} from './shared';

type OrderValues = HqSchemas['SaveWholesaleOrderDto'] & Record<string, unknown>;
interface OrderRow extends DocRow {
  orderDate: string;
  expectedDate: string | null;
  creditExceeded: boolean;
}

const getOrder = async (id: string) => ok<WholesaleOrder>(await api.GET('/api/wholesale/orders/{id}', { params: { path: { id } } }));

/** HQ's own active warehouses (wholesale ships from HQ). */
export function useHqWarehouses() {
  const { me } = useAuth();
  return useWarehouses().filter((w) => w.kind === 'normal' && w.status === 'active' && w.orgUnitId === me?.orgUnit.id);
}

/** 批发管理 → 批发订单: list, new order priced by the server, submit, approve with the credit check, deliver, print. */
export default function Orders() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const columns = (open: (id: string) => void): ProColumns<OrderRow>[] => {
    const c = docListColumns<OrderRow>(t, open, ORDER_STATUSES);
    return [
      c.search,
      c.number,
      c.customer,
      { title: t('wholesale.warehouse'), dataIndex: 'warehouseName', search: false },
      { title: t('wholesale.orderDate'), dataIndex: 'orderDate', sorter: true, search: false },
      c.period,
      { title: t('wholesale.expectedDate'), dataIndex: 'expectedDate', sorter: true, search: false },
      c.status,
      c.totalQty,
      c.totalAmount,
      {
        title: t('wholesale.creditExceeded'),
        dataIndex: 'creditExceeded',
        search: false,
        render: (_, r) => (r.creditExceeded ? <Tag color="orange">{t('wholesale.creditExceeded')}</Tag> : null),
      },
    ];
  };
  return (
    <DocumentListScreen<OrderRow, WholesaleOrder>
      title={t('menu.wholesaleOrders')}
      listId="wholesale-orders"
      columns={columns}
      fetchPage={async (q: ListQuery) => ok<Page<OrderRow>>(await api.GET('/api/wholesale/orders', { params: { query: q as never } }))}
      exportFile={{ path: '/api/wholesale/orders?format=xlsx', fileName: '批发订单.xlsx' }}
      writable={can('wholesale.order.write') && me?.orgUnit.kind === 'hq'}
      createTestId="wso-create"
      form={(p) => <OrderForm {...p} />}
      drawer={(p) => <OrderDrawer {...p} />}
    />
  );
}

function OrderForm(props: { open: boolean; onOpenChange(v: boolean): void; record?: WholesaleOrder; onSaved(o: { id: string }): void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const warehouses = useHqWarehouses();
  const saved = useRef<WholesaleOrder>();
  return (
    <EntityForm<WholesaleOrder, OrderValues>
      title={props.record ? t('wholesale.editOrder', { number: props.record.number }) : t('wholesale.createOrder')}
      formName="wholesale-order"
      open={props.open}
      onOpenChange={props.onOpenChange}
      record={props.record}
      width={1100}
      defaults={{ lines: [{}], warehouseId: warehouses[0]?.id } as Partial<OrderValues>}
      toValues={(r) => ({
        customerId: r.customerId,
        warehouseId: r.warehouseId,
        expectedDate: r.expectedDate ?? undefined,
        remark: r.remark ?? undefined,
        // a manual price is kept; others are priced again from the customer
        lines: r.lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: l.priceSource === 'manual' ? l.unitPrice : undefined, note: l.note ?? undefined })),
      })}
      fetchRecord={getOrder}
      submit={async (values, record) => {
        const body = { ...values, lines: cleanLines(values.lines as never) } as OrderValues;
        saved.current = record
          ? ok<WholesaleOrder>(await api.PUT('/api/wholesale/orders/{id}', { params: { path: { id: record.id } }, body: { ...body, expectedVersion: record.rowVersion } }))
          : ok<WholesaleOrder>(await api.POST('/api/wholesale/orders', { body }));
      }}
      onSaved={() => saved.current && props.onSaved(saved.current)}
    >
      <ProFormSelect
        name="customerId"
        label={t('wholesale.customer')}
        colProps={{ span: 8 }}
        rules={[{ required: true }]}
        showSearch
        request={({ keyWords }) => searchCustomers(keyWords)}
        debounceTime={300}
      />
      <ProFormSelect name="warehouseId" label={t('wholesale.warehouse')} colProps={{ span: 6 }} rules={[{ required: true }]} options={refOptions(warehouses)} showSearch />
      <ProFormDatePicker name="expectedDate" label={t('wholesale.expectedDate')} colProps={{ span: 5 }} fieldProps={{ format: 'YYYY-MM-DD' }} />
      <ProFormTextArea name="remark" label={t('wholesale.remark')} colProps={{ span: 24 }} fieldProps={{ rows: 1 }} />
      <div style={{ width: '100%', padding: '0 8px' }}>
        <Lines priceEditable={can('wholesale.price.write')} />
      </div>
    </EntityForm>
  );
}

/** The order's lines: product, quantity, and a price only for those who may override it (blank = the customer's price). */
function Lines(props: { priceEditable: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const quote = useQuote(form);
  return (
    <Form.Item label={t('wholesale.lines')} required style={{ marginBottom: 0 }}>
      <ProductLines
        form={form}
        scan
        columns={[
          { name: 'quantity', title: t('wholesale.quantity'), width: 110, required: true },
          ...(props.priceEditable ? [{ name: 'unitPrice', title: t('wholesale.unitPrice'), width: 150, placeholder: t('wholesale.priceHint') }] : []),
          { name: 'note', title: t('wholesale.note'), width: 180 },
        ]}
        extra={{
          title: t('wholesale.quote'),
          width: 170,
          render: (i) => {
            const q = quote(i);
            return q ? (
              <span data-testid={`line-quote-${i}`}>
                {money(q.price)} <Tag>{t(`wholesale.source.${q.source}`, { defaultValue: q.source })}</Tag>
              </span>
            ) : null;
          },
        }}
      />
    </Form.Item>
  );
}

interface QuotedPrice {
  productId: string;
  price: string;
  source: string;
}

/**
 * The server's price of each line while the order is typed (`GET /api/wholesale/prices` for the
 * customer and the lines' products): the contract price, else the customer's price level. A price
 * typed on the line is the line's own (手工价). Re-asked when the customer or the products change.
 */
function useQuote(form: FormInstance) {
  const customerId = Form.useWatch('customerId', form) as string | undefined;
  const lines = (Form.useWatch('lines', form) as { productId?: string; unitPrice?: string }[] | undefined) ?? [];
  const productIds = [...new Set(lines.map((l) => l?.productId).filter((id): id is string => !!id))].sort();
  const q = useQuery({
    queryKey: ['wholesale-quote', customerId, productIds],
    enabled: !!customerId && productIds.length > 0,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
    queryFn: async () => ok<{ items: QuotedPrice[] }>(await api.GET('/api/wholesale/prices', { params: { query: { customerId: customerId!, productIds } } })).items,
  });
  return (index: number): QuotedPrice | undefined => {
    const line = lines[index];
    if (!line?.productId) return undefined;
    if (line.unitPrice?.trim()) return { productId: line.productId, price: line.unitPrice.trim(), source: 'manual' };
    return q.data?.find((p) => p.productId === line.productId);
  };
}

/** The figures of a 409 WHOLESALE_CREDIT_LIMIT_EXCEEDED, shown to the approver who was refused. */
export function CreditRefusal({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  const d = (error.body.details ?? {}) as Record<string, string | undefined>;
  const keys = ['creditLimit', 'creditAccepted', 'creditBalance', 'creditOpenOrders', 'orderAmount', 'creditExposure', 'excess'].filter((k) => d[k] !== undefined);
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginTop: 12 }}
      data-testid="credit-refused"
      message={`${error.code}: ${t('wholesale.creditRefused')}`}
      description={
        <>
          <Descriptions size="small" column={4}>
            {keys.map((k) => (
              <Descriptions.Item key={k} label={t(`wholesale.${k}`)}>
                <span data-testid={`credit-${k}`}>{money(d[k])}</span>
              </Descriptions.Item>
            ))}
          </Descriptions>
          <div style={{ color: '#666' }}>{error.message}</div>
        </>
      }
    />
  );
}

function OrderDrawer(props: { id: string; onClose(): void; onChanged(): void; onEdit(o: WholesaleOrder): void }) {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const order = useQuery({ queryKey: ['wholesale-order', props.id], queryFn: () => getOrder(props.id) });
  const run = useRunAction();
  const [printing, setPrinting] = useState(false);
  const [delivering, setDelivering] = useState(false);
  const o = order.data;
  const refresh = useDocRefresh('wholesale-order', props.id, props.onChanged);
  const [refusal, attempt] = useCreditChecked(refresh);
  const hq = me?.orgUnit.kind === 'hq';
  const write = can('wholesale.order.write') && hq;
  const approve = (can('wholesale.order.approve') || can('wholesale.order.approve.credit')) && hq;
  const path = { params: { path: { id: props.id } } };

  const doApprove = () => attempt(() => api.POST('/api/wholesale/orders/{id}/approve', path));

  const actions = o && (
    <Space wrap className="no-print">
      {o.status === 'draft' && write && <Button onClick={() => props.onEdit(o)}>{t('common.edit')}</Button>}
      {o.status === 'draft' && write && (
        <Button type="primary" data-testid="wso-submit" onClick={() => run(async () => ok(await api.POST('/api/wholesale/orders/{id}/submit', path)), refresh)}>
          {t('wholesale.submit')}
        </Button>
      )}
      {o.status === 'submitted' && approve && (
        <Button type="primary" data-testid="wso-approve" onClick={() => void doApprove()}>
          {t('wholesale.approve')}
        </Button>
      )}
      {o.status === 'submitted' && approve && (
        <ReasonAction
          label={t('wholesale.reject')}
          danger
          onSubmit={(reason) => run(async () => ok(await api.POST('/api/wholesale/orders/{id}/reject', { ...path, body: { reason } })), refresh)}
        />
      )}
      {['approved', 'partially_delivered'].includes(o.status) && can('wholesale.delivery.write') && hq && (
        <Button type="primary" data-testid="wso-deliver" onClick={() => setDelivering(true)}>
          {t('wholesale.deliver')}
        </Button>
      )}
      {['approved', 'partially_delivered', 'delivered'].includes(o.status) && write && (
        <ReasonAction
          label={t('wholesale.close')}
          required={o.status !== 'delivered'}
          onSubmit={(reason) => run(async () => ok(await api.POST('/api/wholesale/orders/{id}/close', { ...path, body: reason ? { reason } : {} })), refresh)}
        />
      )}
      {['draft', 'submitted', 'approved'].includes(o.status) && write && (
        <ReasonAction
          label={t('wholesale.cancel')}
          danger
          onSubmit={(reason) => run(async () => ok(await api.POST('/api/wholesale/orders/{id}/cancel', { ...path, body: { reason } })), refresh)}
        />
      )}
      <PrintExportButtons onPrint={() => setPrinting(true)} printTestId="wso-print-view" path={`/api/wholesale/orders/${o.id}/document`} fileName={`批发订单-${o.number}.xlsx`} />
    </Space>
  );

  return (
    <DocDrawer title={t('menu.wholesaleOrders')} doc={o} error={order.isError && order.error} width={1050} testId="wso-drawer" onClose={props.onClose}>
      {(o) => (
        <>
          {actions}
          {refusal && <CreditRefusal error={refusal} />}
          <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('wholesale.customer')}>{customerText(o.customer)}</Descriptions.Item>
            <Descriptions.Item label={t('wholesale.warehouse')}>{o.warehouse ? `${o.warehouse.code} ${o.warehouse.name}` : '-'}</Descriptions.Item>
            <Descriptions.Item label={t('wholesale.priceLevel')}>{t(`wholesale.level.${o.priceLevel}`, { defaultValue: o.priceLevel })}</Descriptions.Item>
            <Descriptions.Item label={t('wholesale.orderDate')}>{o.orderDate}</Descriptions.Item>
            <Descriptions.Item label={t('wholesale.expectedDate')}>{o.expectedDate ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('wholesale.totalAmount')}>
              <span data-testid="wso-total">{money(o.totalAmount)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('wholesale.totalTax')}>{money(o.totalTax)}</Descriptions.Item>
            {o.creditLimit !== null && <Descriptions.Item label={t('wholesale.creditLimit')}>{money(o.creditLimit)}</Descriptions.Item>}
            {o.creditExposure !== null && <Descriptions.Item label={t('wholesale.creditExposure')}>{money(o.creditExposure)}</Descriptions.Item>}
            {o.creditExceeded && (
              <Descriptions.Item label={t('wholesale.creditExceeded')}>
                <Tag color="orange">{t('wholesale.creditExceeded')}</Tag>
              </Descriptions.Item>
            )}
            {o.approvedAt && <Descriptions.Item label={t('wholesale.approve')}>{dateTime(o.approvedAt)}</Descriptions.Item>}
            {o.closeReason && <Descriptions.Item label={t('wholesale.closeReason')}>{o.closeReason}</Descriptions.Item>}
            {o.remark && <Descriptions.Item label={t('wholesale.remark')}>{o.remark}</Descriptions.Item>}
          </Descriptions>
          <Tabs
            items={[
              linesTab(t, o.lines, [
                { title: t('wholesale.quantity'), dataIndex: 'quantity', align: 'right' },
                { title: t('wholesale.deliveredQty'), dataIndex: 'deliveredQty', align: 'right' },
                { title: t('wholesale.outstandingQty'), dataIndex: 'outstandingQty', align: 'right' },
                { title: t('wholesale.unitPrice'), dataIndex: 'unitPrice', align: 'right', render: money },
                { title: t('wholesale.priceSource'), dataIndex: 'priceSource', render: (v: string) => t(`wholesale.source.${v}`, { defaultValue: v }) },
                { title: t('wholesale.taxRate'), dataIndex: 'taxRate', align: 'right' },
                { title: t('wholesale.amount'), dataIndex: 'amount', align: 'right', render: money },
              ]),
              {
                key: 'deliveries',
                label: t('menu.wholesaleDeliveries'),
                children: <RelatedDocs path="/api/wholesale/deliveries" sourceId={o.id} open={(id) => navigate(`/wholesale/deliveries?id=${id}`)} />,
              },
              auditTab(t, 'wholesale-order', o.id, () => api.GET('/api/wholesale/orders/{id}/audit', path)),
            ]}
          />
          {delivering && (
            <DeliverDialog
              order={o}
              onClose={() => setDelivering(false)}
              onDone={(id) => {
                setDelivering(false);
                refresh();
                void navigate(`/wholesale/deliveries?id=${id}`);
              }}
            />
          )}
          <PrintModal open={printing} onClose={() => setPrinting(false)}>
            <PrintSheet
              title={`${t('wholesale.orderSheet')} ${o.number}`}
              head={[
                ...customerHead(t, o.customer),
                [t('wholesale.orderDate'), o.orderDate],
                [t('wholesale.expectedDate'), o.expectedDate ?? '-'],
                [t('wholesale.warehouse'), o.warehouse?.name ?? '-'],
                [t('common.status'), t(`docStatus.${o.status}`)],
                [t('wholesale.totalAmount'), money(o.totalAmount)],
                [t('wholesale.totalTax'), money(o.totalTax)],
              ]}
              lines={o.lines}
              columns={printColumns(t, t('wholesale.quantity'))}
              signatures={[t('wholesale.signMaker'), t('wholesale.signApprover'), t('wholesale.signCustomer')]}
            />
          </PrintModal>
        </>
      )}
    </DocDrawer>
  );
}

/** The deliveries (or returns) made from a document, with their status and amount. */
export function RelatedDocs(props: { path: '/api/wholesale/deliveries' | '/api/wholesale/returns'; sourceId: string; open(id: string): void }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['wholesale-related', props.path, props.sourceId],
    queryFn: async () => ok<Page<DocRow & { businessDate: string }>>(await api.GET(props.path, { params: { query: { sourceId: props.sourceId, pageSize: 100 } } })).items,
  });
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      loading={q.isLoading}
      dataSource={q.data ?? []}
      columns={[
        { title: t('wholesale.number'), dataIndex: 'number', render: (v: string, r) => <a onClick={() => props.open(r.id)}>{v}</a> },
        { title: t('wholesale.businessDate'), dataIndex: 'businessDate' },
        { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
        { title: t('wholesale.totalQty'), dataIndex: 'totalQty', align: 'right' },
        { title: t('wholesale.totalAmount'), dataIndex: 'totalAmount', align: 'right', render: money },
      ]}
    />
  );
}

/**
 * 批发出库 from an order: each line defaults to what is still outstanding and can be lowered (a
 * partial delivery; 0 leaves the line for later). Saved as a draft or posted at once (stock leaves,
 * the receivable is booked); the server's refusals (stock, credit, over-delivery) show here.
 */
function DeliverDialog(props: { order: WholesaleOrder; onClose(): void; onDone(id: string): void }) {
  const { t } = useTranslation();
  const warehouses = useHqWarehouses();
  const open = props.order.lines.filter((l) => Number(l.outstandingQty) > 0);
  const [qtys, setQtys] = useState<Record<string, string>>(() => Object.fromEntries(open.map((l) => [l.id, l.outstandingQty])));
  // a batch the customer asked for, per batch-managed line; blank: first expiry first out
  const [batches, setBatches] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [key] = useState(newKey);
  return (
    <ModalForm<{ warehouseId: string; post: boolean; remark?: string }>
      open
      title={t('wholesale.deliverTitle', { number: props.order.number })}
      width={1000}
      modalProps={{ destroyOnClose: true, onCancel: props.onClose, maskClosable: false }}
      initialValues={{ warehouseId: props.order.warehouseId, post: true }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') } }}
      onFinish={async (v) => {
        setFailure(null);
        const lines = open
          .filter((l) => qtys[l.id]?.trim() && Number(qtys[l.id]) !== 0)
          .map((l) => ({ orderLineId: l.id, quantity: qtys[l.id].trim(), batchNo: batches[l.id]?.trim() || undefined }));
        try {
          const d = ok<{ id: string }>(
            await api.POST('/api/wholesale/deliveries', {
              body: { orderId: props.order.id, warehouseId: v.warehouseId, post: v.post, remark: v.remark || undefined, lines, idempotencyKey: key },
            }),
          );
          props.onDone(d.id);
          return true;
        } catch (e) {
          setFailure(e instanceof ApiError ? e : new ApiError(0, { statusCode: 0, code: 'NETWORK', message: String(e) }));
          return false;
        }
      }}
    >
      {failure &&
        (failure.code === 'WHOLESALE_CREDIT_LIMIT_EXCEEDED' ? (
          <CreditRefusal error={failure} />
        ) : (
          <Alert type="error" showIcon message={failure.code} description={failure.message} data-testid="form-error" style={{ marginBottom: 12 }} />
        ))}
      <Space size="large" wrap>
        <ProFormSelect name="warehouseId" label={t('wholesale.warehouse')} width="md" rules={[{ required: true }]} options={refOptions(warehouses)} />
        <ProFormSwitch name="post" label={t('wholesale.postNow')} />
      </Space>
      <Alert type="info" message={t('wholesale.deliverHint')} style={{ marginBottom: 8 }} />
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={open}
        columns={[
          { title: t('product.code'), dataIndex: 'productCode' },
          { title: t('product.name'), dataIndex: 'productName' },
          { title: t('wholesale.quantity'), dataIndex: 'quantity', align: 'right' },
          { title: t('wholesale.outstandingQty'), dataIndex: 'outstandingQty', align: 'right' },
          {
            title: t('wholesale.deliverQty'),
            key: 'qty',
            render: (_, l, i) => (
              <Input
                style={{ width: 110 }}
                value={qtys[l.id]}
                onChange={(e) => setQtys((q) => ({ ...q, [l.id]: e.target.value }))}
                data-testid={`deliver-qty-${i}`}
                status={failure?.fields.some((f) => f.field.startsWith('lines')) ? 'error' : undefined}
              />
            ),
          },
          ...(open.some((l) => l.batchManaged)
            ? [
                {
                  title: t('wholesale.batchNo'),
                  key: 'batch',
                  render: (_: unknown, l: OrderLine, i: number) =>
                    l.batchManaged ? (
                      <Input
                        style={{ width: 150 }}
                        placeholder={t('wholesale.batchHint')}
                        value={batches[l.id]}
                        onChange={(e) => setBatches((b) => ({ ...b, [l.id]: e.target.value }))}
                        data-testid={`deliver-batch-${i}`}
                      />
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <ProFormTextArea name="remark" label={t('wholesale.remark')} fieldProps={{ rows: 1 }} />
    </ModalForm>
  );
}
