import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormSelect, ProFormTextArea, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Form, Input, Modal, Space, Table, Tabs } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { AuditTrail, dateTime, money, PrintButton, PrintSheet, ReasonAction, StatusTag, statusEnum, useRunAction, type AuditRow } from '../../lib/documents';
import { refEnum, refName, refOptions, useOrgUnits, useWarehouses } from '../../lib/refs';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { getRequest, type ReplenishmentRequest, type RequestLine } from './RequestApproval';

interface ShipmentLine {
  id: string;
  lineNo: number;
  productId: string;
  productCode: string;
  productName: string;
  requestId: string | null;
  requestNo: string | null;
  requestLineId: string | null;
  quantity: string;
  unitCost: string | null;
  amount: string | null;
  batches: { batchNo: string; expiryDate: string | null; quantity: string }[] | null;
  receivedQty: string | null;
}
interface Shipment extends Record<string, unknown> {
  id: string;
  number: string;
  storeId: string;
  fromWarehouseId: string;
  transitWarehouseId: string;
  status: 'draft' | 'posted' | 'received' | 'cancelled';
  shipDate: string;
  note: string | null;
  postedAt: string | null;
  receivedAt: string | null;
  cancelReason: string | null;
  lines?: ShipmentLine[];
  settlements?: { kind: string; treatment: string; stockReason: string; productId: string; quantity: string; amount: string }[];
}

const SHIPPABLE = ['approved', 'partially_approved', 'partially_shipped'] as const;

/** 连锁管理 → 调拨出库: ship confirmed requests of one store (merged, whole or in part), post, print. */
export default function Shipments() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const actionRef = useRef<ActionType>();
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const fromRequest = params.get('requestId') ?? undefined;
  const fromStore = params.get('storeId') ?? undefined;
  const [formOpen, setFormOpen] = useState(!!fromRequest);
  const stores = useOrgUnits().filter((o) => o.kind === 'store');
  const justSaved = useRef(false);
  useEffect(() => {
    if (fromRequest) setFormOpen(true);
  }, [fromRequest]);

  const columns: ProColumns<Shipment>[] = [
    { title: t('chain.shipmentNo'), dataIndex: 'number', sorter: true, search: false, render: (_, r) => <a onClick={() => setParams({ id: r.id })}>{r.number}</a> },
    { title: t('chain.store'), dataIndex: 'storeId', valueType: 'select', valueEnum: refEnum(stores), fieldProps: { showSearch: true } },
    { title: t('chain.shipDate'), dataIndex: 'shipDate', sorter: true, search: false },
    {
      title: t('common.status'),
      dataIndex: 'status',
      sorter: true,
      valueType: 'select',
      valueEnum: statusEnum(t, ['draft', 'posted', 'received', 'cancelled']),
      render: (_, r) => <StatusTag status={r.status} />,
    },
    { title: t('chain.postedAt'), dataIndex: 'postedAt', search: false, renderText: dateTime },
    { title: t('chain.receivedAt'), dataIndex: 'receivedAt', search: false, renderText: dateTime },
    { title: t('chain.note'), dataIndex: 'note', search: false, ellipsis: true },
  ];

  return (
    <PageContainer title={t('menu.shipments')}>
      <ServerTable<Shipment>
        id="transfer-shipments"
        headerTitle={t('menu.shipments')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<Shipment>>(await api.GET('/api/transfer-shipments', { params: { query: q as never } }))}
        toolBar={
          can('replenishment.ship')
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setFormOpen(true)} data-testid="shipment-create">
                  {t('chain.createShipment')}
                </Button>,
              ]
            : []
        }
      />
      {can('replenishment.ship') && (
        <ShipmentForm
          open={formOpen}
          storeId={fromStore}
          requestId={fromRequest}
          onOpenChange={(v) => {
            setFormOpen(v);
            if (!v && !justSaved.current && fromRequest) setParams({});
            justSaved.current = false;
          }}
          onSaved={(s) => {
            justSaved.current = true;
            setFormOpen(false);
            void actionRef.current?.reload();
            setParams({ id: s.id });
          }}
        />
      )}
      {openId && <ShipmentDrawer id={openId} onClose={() => setParams({})} onChanged={() => void actionRef.current?.reload()} />}
    </PageContainer>
  );
}

interface ShipValues {
  storeId: string;
  fromWarehouseId: string;
  requestIds: string[];
  note?: string;
  qty: Record<string, string>;
}

/** New shipment: a store, HQ's warehouse, the store's confirmed requests; each line defaults to what is still to ship. */
function ShipmentForm(props: { open: boolean; storeId?: string; requestId?: string; onOpenChange(v: boolean): void; onSaved(s: Shipment): void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const run = useRunAction();
  const [form] = Form.useForm<ShipValues>();
  const stores = useOrgUnits().filter((o) => o.kind === 'store');
  const warehouses = useWarehouses().filter((w) => w.kind === 'normal' && w.status === 'active' && w.orgUnitId === me?.orgUnit.id);
  const storeId = Form.useWatch('storeId', form);
  const requestIds = (Form.useWatch('requestIds', form) as string[] | undefined) ?? [];
  const open = useQuery({
    queryKey: ['shippable-requests', storeId],
    enabled: !!storeId && props.open,
    queryFn: async () =>
      (
        await Promise.all(
          SHIPPABLE.map(
            async (status) => ok<Page<ReplenishmentRequest>>(await api.GET('/api/replenishment/requests', { params: { query: { storeId, status, pageSize: 100 } } })).items,
          ),
        )
      ).flat(),
  });
  const details = useQuery({ queryKey: ['shipment-request-lines', requestIds], enabled: requestIds.length > 0, queryFn: () => Promise.all(requestIds.map(getRequest)) });
  const lines = (details.data ?? []).flatMap((r) => (r.lines ?? []).filter((l) => Number(l.toShipQty) > 0).map((l) => ({ ...l, requestNo: r.requestNo })));
  useEffect(() => {
    if (details.data) form.setFieldValue('qty', Object.fromEntries(lines.map((l) => [l.id, l.toShipQty])));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [details.data]);

  return (
    <ModalForm<ShipValues>
      title={t('chain.createShipment')}
      form={form}
      name="shipment"
      open={props.open}
      onOpenChange={props.onOpenChange}
      width={1000}
      modalProps={{ destroyOnClose: true }}
      initialValues={{ storeId: props.storeId, requestIds: props.requestId ? [props.requestId] : [], fromWarehouseId: warehouses[0]?.id }}
      onFinish={async (v) => {
        let created: Shipment | undefined;
        const body = {
          fromWarehouseId: v.fromWarehouseId,
          requestIds: v.requestIds,
          note: v.note,
          lines: lines.filter((l) => v.qty?.[l.id]?.trim() && Number(v.qty[l.id]) > 0).map((l) => ({ requestLineId: l.id, quantity: v.qty[l.id].trim() })),
        };
        const done = await run(async () => {
          created = ok<Shipment>(await api.POST('/api/transfer-shipments', { body }));
        });
        if (done && created) props.onSaved(created);
        return done;
      }}
    >
      <ProFormSelect name="storeId" label={t('chain.store')} options={refOptions(stores)} rules={[{ required: true }]} showSearch colProps={{ span: 8 }} />
      <ProFormSelect name="fromWarehouseId" label={t('chain.fromWarehouse')} options={refOptions(warehouses)} rules={[{ required: true }]} showSearch />
      <ProFormSelect
        name="requestIds"
        label={t('chain.requests')}
        mode="multiple"
        rules={[{ required: true }]}
        options={(open.data ?? []).map((r) => ({ label: `${r.requestNo} (${t(`docStatus.${r.status}`)})`, value: r.id }))}
      />
      <Table<RequestLine & { requestNo: string }>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={lines}
        loading={details.isFetching}
        columns={[
          { title: t('chain.requestNo'), dataIndex: 'requestNo' },
          { title: t('product.code'), dataIndex: 'productCode' },
          { title: t('product.name'), dataIndex: 'productName' },
          { title: t('chain.approvedQty'), dataIndex: 'approvedQty', align: 'right' },
          { title: t('chain.shippedQty'), dataIndex: 'shippedQty', align: 'right' },
          { title: t('chain.toShipQty'), dataIndex: 'toShipQty', align: 'right' },
          {
            title: t('chain.shipQty'),
            render: (_, l) => (
              <Form.Item name={['qty', l.id]} style={{ margin: 0 }}>
                <Input style={{ width: 90 }} data-testid={`ship-qty-${l.lineNo}`} />
              </Form.Item>
            ),
          },
        ]}
      />
      <ProFormTextArea name="note" label={t('chain.note')} fieldProps={{ rows: 1 }} />
    </ModalForm>
  );
}

function ShipmentDrawer(props: { id: string; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const qc = useQueryClient();
  const run = useRunAction();
  const stores = useOrgUnits();
  const warehouses = useWarehouses();
  const path = { params: { path: { id: props.id } } };
  const q = useQuery({ queryKey: ['transfer-shipment', props.id], queryFn: async () => ok<Shipment>(await api.GET('/api/transfer-shipments/{id}', path)) });
  const [printing, setPrinting] = useState(false);
  const s = q.data;
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['transfer-shipment', props.id] });
    void qc.invalidateQueries({ queryKey: ['audit', 'transfer-shipment', props.id] });
    props.onChanged();
  };
  const ship = can('replenishment.ship');
  return (
    <Drawer
      open
      width={1000}
      title={s ? `${t('menu.shipments')} ${s.number}` : ''}
      onClose={props.onClose}
      extra={s && <StatusTag status={s.status} />}
      data-testid="shipment-drawer"
    >
      {s && (
        <>
          <Space wrap>
            {s.status === 'draft' && ship && (
              <Button type="primary" onClick={() => run(async () => ok(await api.POST('/api/transfer-shipments/{id}/post', path)), refresh)} data-testid="shipment-post">
                {t('chain.postShipment')}
              </Button>
            )}
            {s.status === 'draft' && ship && (
              <ReasonAction
                label={t('chain.cancel')}
                danger
                onSubmit={(reason) => run(async () => ok(await api.POST('/api/transfer-shipments/{id}/cancel', { ...path, body: { reason } })), refresh)}
              />
            )}
            <Button onClick={() => setPrinting(true)}>{t('doc.printView')}</Button>
          </Space>
          <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('chain.store')}>{refName(stores, s.storeId)}</Descriptions.Item>
            <Descriptions.Item label={t('chain.fromWarehouse')}>{refName(warehouses, s.fromWarehouseId)}</Descriptions.Item>
            <Descriptions.Item label={t('chain.shipDate')}>{s.shipDate}</Descriptions.Item>
            <Descriptions.Item label={t('chain.postedAt')}>{dateTime(s.postedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('chain.receivedAt')}>{dateTime(s.receivedAt)}</Descriptions.Item>
            {s.cancelReason && <Descriptions.Item label={t('doc.reason')}>{s.cancelReason}</Descriptions.Item>}
          </Descriptions>
          <Tabs
            items={[
              {
                key: 'lines',
                label: t('doc.lines'),
                children: (
                  <Table<ShipmentLine>
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={s.lines ?? []}
                    columns={[
                      { title: '#', dataIndex: 'lineNo' },
                      { title: t('chain.requestNo'), dataIndex: 'requestNo' },
                      { title: t('product.code'), dataIndex: 'productCode' },
                      { title: t('product.name'), dataIndex: 'productName' },
                      { title: t('chain.shipQty'), dataIndex: 'quantity', align: 'right' },
                      { title: t('chain.unitCost'), dataIndex: 'unitCost', align: 'right' },
                      { title: t('chain.amount'), dataIndex: 'amount', align: 'right', render: money },
                      { title: t('chain.batches'), dataIndex: 'batches', render: (b: ShipmentLine['batches']) => (b ?? []).map((x) => `${x.batchNo}×${x.quantity}`).join(', ') },
                      { title: t('chain.receivedQty'), dataIndex: 'receivedQty', align: 'right' },
                    ]}
                  />
                ),
              },
              {
                key: 'settlements',
                label: t('chain.settlements'),
                children: (
                  <Table
                    size="small"
                    rowKey={(r) => `${r.kind}:${r.productId}`}
                    pagination={false}
                    dataSource={s.settlements ?? []}
                    columns={[
                      { title: t('chain.varianceKind'), dataIndex: 'kind', render: (k: string) => t(`chain.kind.${k}`, { defaultValue: k }) },
                      { title: t('chain.treatment'), dataIndex: 'treatment', render: (k: string) => t(`chain.treatmentOf.${k}`, { defaultValue: k }) },
                      { title: t('product.name'), dataIndex: 'productId', render: (id: string) => (s.lines ?? []).find((l) => l.productId === id)?.productName ?? id },
                      { title: t('chain.quantity'), dataIndex: 'quantity', align: 'right' },
                      { title: t('chain.amount'), dataIndex: 'amount', align: 'right', render: money },
                    ]}
                  />
                ),
              },
              {
                key: 'audit',
                label: t('doc.audit'),
                children: (
                  <AuditTrail
                    queryKey={['transfer-shipment', s.id]}
                    load={async () =>
                      ok<{ items: AuditRow[] }>(
                        await api.GET('/api/audit', { params: { query: { entityType: 'transfer_shipment', entityId: s.id, sort: ['at'], pageSize: 200 } as never } }),
                      ).items
                    }
                  />
                ),
              },
            ]}
          />
          <Modal open={printing} onCancel={() => setPrinting(false)} width={900} footer={<PrintButton />} title={t('doc.printView')}>
            <PrintSheet
              title={`${t('chain.shipmentSheet')} ${s.number}`}
              head={[
                [t('chain.store'), refName(stores, s.storeId)],
                [t('chain.fromWarehouse'), refName(warehouses, s.fromWarehouseId)],
                [t('chain.shipDate'), s.shipDate],
                [t('common.status'), t(`docStatus.${s.status}`)],
              ]}
              lines={s.lines ?? []}
              columns={[
                { title: t('chain.requestNo'), value: (l) => l.requestNo ?? '' },
                { title: t('product.code'), value: (l) => l.productCode },
                { title: t('product.name'), value: (l) => l.productName },
                { title: t('chain.shipQty'), value: (l) => l.quantity, num: true },
                { title: t('chain.batches'), value: (l) => (l.batches ?? []).map((x) => `${x.batchNo}×${x.quantity}`).join(', ') },
                { title: t('chain.receivedQty'), value: () => '' },
              ]}
              signatures={[t('chain.signShipper'), t('chain.signCarrier'), t('chain.signReceiver')]}
            />
          </Modal>
        </>
      )}
    </Drawer>
  );
}
