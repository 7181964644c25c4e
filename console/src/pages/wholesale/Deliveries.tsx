import { ModalForm, PageContainer, ProFormSelect, ProFormSwitch, ProFormTextArea, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Input, Space, Table, Tabs } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { money, PrintSheet, useRunAction } from '../../lib/documents';
import { refOptions } from '../../lib/refs';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { CreditRefusal, RelatedDocs, useHqWarehouses } from './Orders';
import {
  auditTab,
  customerHead,
  customerText,
  DOC_STATUSES,
  DocDrawer,
  docListColumns,
  linesTab,
  newKey,
  PrintExportButtons,
  PrintModal,
  printColumns,
  useCreditChecked,
  useDocRefresh,
  type DeliveryLine,
  type DocRow,
  type WholesaleDelivery,
} from './shared';

interface DeliveryRow extends DocRow {
  businessDate: string;
  dueDate: string | null;
  orderId: string;
  orderNumber: string;
  totalCost: string;
}

const getDelivery = async (id: string) => ok<WholesaleDelivery>(await api.GET('/api/wholesale/deliveries/{id}', { params: { path: { id } } }));

/** 批发管理 → 批发出库: deliveries with their receivable, post or cancel a draft, the 送货单, returns from them. */
export default function Deliveries() {
  const { t } = useTranslation();
  const actionRef = useRef<ActionType>();
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const navigate = useNavigate();

  const c = docListColumns<DeliveryRow>(t, (id) => setParams({ id }), DOC_STATUSES);
  const columns: ProColumns<DeliveryRow>[] = [
    c.search,
    c.number,
    {
      title: t('wholesale.order'),
      dataIndex: 'orderNumber',
      search: false,
      render: (_, r) => <a onClick={() => navigate(`/wholesale/orders?id=${r.orderId}`)}>{r.orderNumber}</a>,
    },
    c.customer,
    { title: t('wholesale.warehouse'), dataIndex: 'warehouseName', search: false },
    { title: t('wholesale.businessDate'), dataIndex: 'businessDate', sorter: true, search: false },
    c.period,
    { title: t('wholesale.dueDate'), dataIndex: 'dueDate', sorter: true, search: false },
    c.status,
    c.totalQty,
    c.totalAmount,
    { title: t('wholesale.totalCost'), dataIndex: 'totalCost', search: false, align: 'right', renderText: money },
  ];

  return (
    <PageContainer title={t('menu.wholesaleDeliveries')}>
      <ServerTable<DeliveryRow>
        id="wholesale-deliveries"
        headerTitle={t('menu.wholesaleDeliveries')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<DeliveryRow>>(await api.GET('/api/wholesale/deliveries', { params: { query: q as never } }))}
        exportFile={{ path: '/api/wholesale/deliveries?format=xlsx', fileName: '批发出库.xlsx' }}
      />
      {openId && <DeliveryDrawer id={openId} onClose={() => setParams({})} onChanged={() => void actionRef.current?.reload()} />}
    </PageContainer>
  );
}

function DeliveryDrawer(props: { id: string; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['wholesale-delivery', props.id], queryFn: () => getDelivery(props.id) });
  const run = useRunAction();
  const [printing, setPrinting] = useState(false);
  const [returning, setReturning] = useState(false);
  const d = q.data;
  const hq = me?.orgUnit.kind === 'hq';
  const path = { params: { path: { id: props.id } } };
  const refresh = useDocRefresh('wholesale-delivery', props.id, props.onChanged);
  const [refusal, attempt] = useCreditChecked(refresh);
  const post = () => attempt(() => api.POST('/api/wholesale/deliveries/{id}/post', { ...path, body: { idempotencyKey: newKey() } }));
  const returnable = d?.lines.some((l) => Number(l.quantity) > Number(l.returnedQty));

  return (
    <DocDrawer title={t('menu.wholesaleDeliveries')} doc={d} error={q.isError && q.error} width={1050} testId="wsd-drawer" onClose={props.onClose}>
      {(d) => (
        <>
          <Space wrap className="no-print">
            {d.status === 'draft' && can('wholesale.delivery.write') && hq && (
              <Button type="primary" data-testid="wsd-post" onClick={() => void post()}>
                {t('wholesale.post')}
              </Button>
            )}
            {d.status === 'draft' && can('wholesale.delivery.write') && hq && (
              <Button danger onClick={() => run(async () => ok(await api.POST('/api/wholesale/deliveries/{id}/cancel', path)), refresh)}>
                {t('wholesale.cancel')}
              </Button>
            )}
            {d.status === 'posted' && returnable && can('wholesale.return.write') && hq && (
              <Button data-testid="wsd-return" onClick={() => setReturning(true)}>
                {t('wholesale.returnGoods')}
              </Button>
            )}
            <PrintExportButtons
              onPrint={() => setPrinting(true)}
              printTestId="wsd-print-view"
              path={`/api/wholesale/deliveries/${d.id}/document`}
              fileName={`批发出库单-${d.number}.xlsx`}
            />
          </Space>
          {refusal && <CreditRefusal error={refusal} />}
          <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('wholesale.customer')}>{customerText(d.customer)}</Descriptions.Item>
            <Descriptions.Item label={t('wholesale.order')}>
              <a onClick={() => navigate(`/wholesale/orders?id=${d.orderId}`)}>{d.order.number}</a>
            </Descriptions.Item>
            <Descriptions.Item label={t('wholesale.warehouse')}>{d.warehouse ? `${d.warehouse.code} ${d.warehouse.name}` : '-'}</Descriptions.Item>
            <Descriptions.Item label={t('wholesale.businessDate')}>{d.businessDate}</Descriptions.Item>
            <Descriptions.Item label={t('wholesale.dueDate')}>{d.dueDate ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('wholesale.totalAmount')}>
              <span data-testid="wsd-total">{money(d.totalAmount)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('wholesale.totalCost')}>{money(d.totalCost)}</Descriptions.Item>
            {d.receivable && (
              <Descriptions.Item label={t('wholesale.receivable')}>
                {money(d.receivable.amount)} · {t('wholesale.receivableOpen')} <span data-testid="wsd-open">{money(d.receivable.open)}</span>
              </Descriptions.Item>
            )}
            {d.remark && <Descriptions.Item label={t('wholesale.remark')}>{d.remark}</Descriptions.Item>}
          </Descriptions>
          <Tabs
            items={[
              linesTab(t, d.lines, [
                { title: t('wholesale.quantity'), dataIndex: 'quantity', align: 'right' },
                { title: t('wholesale.returnedQty'), dataIndex: 'returnedQty', align: 'right' },
                { title: t('wholesale.unitPrice'), dataIndex: 'unitPrice', align: 'right', render: money },
                { title: t('wholesale.amount'), dataIndex: 'amount', align: 'right', render: money },
                { title: t('wholesale.unitCost'), dataIndex: 'unitCost', align: 'right' },
                { title: t('wholesale.batches'), dataIndex: 'batchList' },
              ]),
              {
                key: 'returns',
                label: t('menu.wholesaleReturns'),
                children: <RelatedDocs path="/api/wholesale/returns" sourceId={d.id} open={(id) => navigate(`/wholesale/returns?id=${id}`)} />,
              },
              auditTab(t, 'wholesale-delivery', d.id, () => api.GET('/api/wholesale/deliveries/{id}/audit', path)),
            ]}
          />
          {returning && (
            <ReturnDialog
              delivery={d}
              onClose={() => setReturning(false)}
              onDone={(id) => {
                setReturning(false);
                refresh();
                void navigate(`/wholesale/returns?id=${id}`);
              }}
            />
          )}
          <PrintModal open={printing} onClose={() => setPrinting(false)}>
            <PrintSheet
              title={`${t('wholesale.deliverySheet')} ${d.number}`}
              head={[
                ...customerHead(t, d.customer),
                [t('wholesale.order'), d.order.number],
                [t('wholesale.businessDate'), d.businessDate],
                [t('wholesale.dueDate'), d.dueDate ?? '-'],
                [t('wholesale.warehouse'), d.warehouse?.name ?? '-'],
                [t('wholesale.totalQty'), d.totalQty],
                [t('wholesale.totalAmount'), money(d.totalAmount)],
              ]}
              lines={d.lines}
              columns={printColumns<DeliveryLine>(t, t('wholesale.quantity'), [{ title: t('wholesale.batches'), value: (l) => l.batchList }])}
              signatures={[t('wholesale.signShipper'), t('wholesale.signCarrier'), t('wholesale.signReceiver')]}
            />
          </PrintModal>
        </>
      )}
    </DocDrawer>
  );
}

/** 批发退货 from a posted delivery: what comes back per line (never beyond what is still returnable), why, posted at once or kept as a draft. */
function ReturnDialog(props: { delivery: WholesaleDelivery; onClose(): void; onDone(id: string): void }) {
  const { t } = useTranslation();
  const warehouses = useHqWarehouses();
  const lines = props.delivery.lines.filter((l) => Number(l.quantity) > Number(l.returnedQty));
  const [qtys, setQtys] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [key] = useState(newKey);
  return (
    <ModalForm<{ warehouseId: string; post: boolean; reason: string }>
      open
      title={t('wholesale.returnTitle', { number: props.delivery.number })}
      width={900}
      modalProps={{ destroyOnClose: true, onCancel: props.onClose, maskClosable: false }}
      initialValues={{ warehouseId: props.delivery.warehouseId, post: true }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') } }}
      onFinish={async (v) => {
        setFailure(null);
        const body = {
          deliveryId: props.delivery.id,
          warehouseId: v.warehouseId,
          post: v.post,
          reason: v.reason.trim(),
          idempotencyKey: key,
          lines: lines.filter((l) => qtys[l.id]?.trim()).map((l) => ({ deliveryLineId: l.id, quantity: qtys[l.id].trim() })),
        };
        try {
          props.onDone(ok<{ id: string }>(await api.POST('/api/wholesale/returns', { body })).id);
          return true;
        } catch (e) {
          setFailure(e instanceof ApiError ? e : new ApiError(0, { statusCode: 0, code: 'NETWORK', message: String(e) }));
          return false;
        }
      }}
    >
      {failure && <Alert type="error" showIcon message={failure.code} description={failure.message} data-testid="form-error" style={{ marginBottom: 12 }} />}
      <Space size="large" wrap>
        <ProFormSelect name="warehouseId" label={t('wholesale.returnWarehouse')} width="md" rules={[{ required: true }]} options={refOptions(warehouses)} />
        <ProFormSwitch name="post" label={t('wholesale.postNow')} />
      </Space>
      <Alert type="info" message={t('wholesale.returnHint')} style={{ marginBottom: 8 }} />
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={lines}
        columns={[
          { title: t('product.code'), dataIndex: 'productCode' },
          { title: t('product.name'), dataIndex: 'productName' },
          { title: t('wholesale.quantity'), dataIndex: 'quantity', align: 'right' },
          { title: t('wholesale.returnedQty'), dataIndex: 'returnedQty', align: 'right' },
          { title: t('wholesale.unitPrice'), dataIndex: 'unitPrice', align: 'right', render: money },
          {
            title: t('wholesale.returnQty'),
            key: 'qty',
            render: (_, l, i) => (
              <Input style={{ width: 110 }} value={qtys[l.id] ?? ''} onChange={(e) => setQtys((q) => ({ ...q, [l.id]: e.target.value }))} data-testid={`return-qty-${i}`} />
            ),
          },
        ]}
      />
      <ProFormTextArea name="reason" label={t('wholesale.reason')} rules={[{ required: true, whitespace: true }]} fieldProps={{ rows: 2, maxLength: 500 }} />
    </ModalForm>
  );
}
