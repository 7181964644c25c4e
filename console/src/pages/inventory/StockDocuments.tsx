import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProFormDatePicker, ProFormSelect, ProFormTextArea, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Form, Select, Space, Table, Tabs } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { AuditTrail, dateTime, money, ReasonAction, StatusTag, statusEnum, useRunAction, type AuditRow } from '../../lib/documents';
import { EntityForm, type Versioned } from '../../lib/EntityForm';
import { cleanLines, ProductLines } from '../../lib/ProductLines';
import { refEnum, refName, refOptions, useOrgUnits, useProduct, useWarehouses } from '../../lib/refs';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';

type DocType = 'adjustment' | 'other_receipt' | 'other_issue';
interface Kind {
  type: DocType;
  path: '/api/inventory/adjustments';
  title: string;
  write: string;
  post: string;
  direction: 'in' | 'out' | 'both';
}
/** The three stock documents share one API shape; only the path, rights and the reasons' direction differ. */
const KINDS: Record<string, Kind> = {
  '/inventory/adjustments': {
    type: 'adjustment',
    path: '/api/inventory/adjustments',
    title: 'menu.adjustments',
    write: 'inventory.adjust',
    post: 'inventory.adjust.approve',
    direction: 'both',
  },
  '/inventory/other-receipts': {
    type: 'other_receipt',
    path: '/api/inventory/other-receipts' as '/api/inventory/adjustments',
    title: 'menu.otherReceipts',
    write: 'inventory.other',
    post: 'inventory.other',
    direction: 'in',
  },
  '/inventory/other-issues': {
    type: 'other_issue',
    path: '/api/inventory/other-issues' as '/api/inventory/adjustments',
    title: 'menu.otherIssues',
    write: 'inventory.other',
    post: 'inventory.other',
    direction: 'out',
  },
};

interface StockDocLine {
  lineNo: number;
  productId: string;
  batchNo: string | null;
  expiryDate: string | null;
  quantity: string;
  unitCost: string | null;
  reasonCode: string;
  note: string | null;
  postedCost: string | null;
}
interface StockDoc extends Record<string, unknown> {
  id: string;
  number: string;
  type: DocType;
  warehouseId: string;
  orgUnitId: string;
  status: 'draft' | 'submitted' | 'posted' | 'cancelled';
  businessDate: string;
  remark: string | null;
  reversesId: string | null;
  rowVersion: number;
  createdAt: string;
  postedAt: string | null;
  lines?: StockDocLine[];
}
interface Reason {
  code: string;
  name: string;
  direction: 'in' | 'out' | 'both';
  active: boolean;
}

export function useReasons(direction: 'in' | 'out' | 'both') {
  const q = useQuery({ queryKey: ['ref', 'stock-reasons'], staleTime: 300_000, queryFn: async () => ok<Reason[]>(await api.GET('/api/inventory/reasons')) });
  const all = q.data ?? [];
  return { all, usable: all.filter((r) => r.active && (direction === 'both' || r.direction === direction || r.direction === 'both')) };
}

/** 库存调整 / 其他入库 / 其他出库: lines with reasons, draft → submitted → posted, reversal of a posted one. */
export default function StockDocuments() {
  const { pathname } = useLocation();
  const kind = KINDS[pathname] ?? KINDS['/inventory/adjustments'];
  // one screen per kind: a fresh state when the menu switches between them
  return <StockDocumentScreen key={kind.type} kind={kind} />;
}

function StockDocumentScreen({ kind }: { kind: Kind }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const actionRef = useRef<ActionType>();
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const [formOpen, setFormOpen] = useState(false);
  const warehouses = useWarehouses();
  const stores = useOrgUnits().filter((o) => o.kind === 'store');
  const title = t(kind.title);

  const columns: ProColumns<StockDoc>[] = [
    { title: t('inventory.number'), dataIndex: 'number', search: false, render: (_, r) => <a onClick={() => setParams({ id: r.id })}>{r.number}</a> },
    { title: t('inventory.warehouse'), dataIndex: 'warehouseId', valueType: 'select', valueEnum: refEnum(warehouses), fieldProps: { showSearch: true } },
    ...(stores.length ? [{ title: t('inventory.store'), dataIndex: 'storeId', valueType: 'select' as const, valueEnum: refEnum(stores), hideInTable: true }] : []),
    { title: t('inventory.businessDate'), dataIndex: 'businessDate', sorter: true, search: false },
    { title: t('purchase.period'), dataIndex: 'period', valueType: 'dateRange', hideInTable: true, search: { transform: (v: [string, string]) => ({ from: v[0], to: v[1] }) } },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: statusEnum(t, ['draft', 'submitted', 'posted', 'cancelled']),
      render: (_, r) => <StatusTag status={r.status} />,
    },
    { title: t('inventory.remark'), dataIndex: 'remark', search: false, ellipsis: true },
    { title: t('common.createdAt'), dataIndex: 'createdAt', sorter: true, search: false, renderText: dateTime },
  ];

  return (
    <PageContainer title={title}>
      <ServerTable<StockDoc>
        id={`stock-doc-${kind.type}`}
        headerTitle={title}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<StockDoc>>(await api.GET(kind.path, { params: { query: q as never } }))}
        toolBar={
          can(kind.write)
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setFormOpen(true)} data-testid="stockdoc-create">
                  {t('common.create')}
                </Button>,
              ]
            : []
        }
      />
      {can(kind.write) && (
        <DocForm
          kind={kind}
          open={formOpen}
          onOpenChange={setFormOpen}
          onSaved={(d) => {
            setFormOpen(false);
            void actionRef.current?.reload();
            setParams({ id: d.id });
          }}
        />
      )}
      {openId && <DocDrawer kind={kind} id={openId} onClose={() => setParams({})} onChanged={() => void actionRef.current?.reload()} />}
    </PageContainer>
  );
}

interface DocValues extends Record<string, unknown> {
  warehouseId: string;
  businessDate?: string;
  remark?: string;
  lines: Record<string, unknown>[];
}

function DocForm(props: { kind: Kind; open: boolean; onOpenChange(v: boolean): void; onSaved(d: StockDoc): void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const warehouses = useWarehouses().filter((w) => w.kind === 'normal' && w.status === 'active' && (me?.orgUnit.kind === 'hq' || w.orgUnitId === me?.orgUnit.id));
  const { usable } = useReasons(props.kind.direction);
  const saved = useRef<StockDoc>();
  return (
    <EntityForm<StockDoc & Versioned, DocValues>
      title={t('inventory.createDoc', { kind: t(props.kind.title) })}
      formName="stock-document"
      open={props.open}
      onOpenChange={props.onOpenChange}
      width={1100}
      defaults={{ lines: [{}] }}
      toValues={() => ({})}
      fetchRecord={async (id) => ok<StockDoc>(await api.GET(`${props.kind.path}/{id}` as '/api/inventory/adjustments/{id}', { params: { path: { id } } }))}
      submit={async (values) => {
        saved.current = ok<StockDoc>(await api.POST(props.kind.path, { body: { ...values, lines: cleanLines(values.lines) as never } }));
      }}
      onSaved={() => saved.current && props.onSaved(saved.current)}
    >
      <ProFormSelect name="warehouseId" label={t('inventory.warehouse')} colProps={{ span: 8 }} rules={[{ required: true }]} options={refOptions(warehouses)} showSearch />
      <ProFormDatePicker name="businessDate" label={t('inventory.businessDate')} colProps={{ span: 6 }} fieldProps={{ format: 'YYYY-MM-DD' }} />
      <ProFormTextArea name="remark" label={t('inventory.remark')} colProps={{ span: 10 }} fieldProps={{ rows: 1 }} />
      <div style={{ width: '100%', padding: '0 8px' }}>
        <DocLines kind={props.kind} reasons={usable} />
      </div>
    </EntityForm>
  );
}

function DocLines({ kind, reasons }: { kind: Kind; reasons: Reason[] }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  return (
    <ProductLines
      form={form}
      scan
      columns={[
        { name: 'quantity', title: kind.type === 'adjustment' ? `${t('inventory.quantity')} (${t('inventory.signedHint')})` : t('inventory.quantity'), width: 150, required: true },
        {
          name: 'reasonCode',
          title: t('inventory.reasonCode'),
          width: 150,
          required: true,
          input: () => <Select options={reasons.map((r) => ({ label: r.name, value: r.code }))} data-testid="line-reason" />,
        },
        { name: 'batchNo', title: t('inventory.batchNo'), width: 110 },
        ...(kind.type !== 'other_issue' ? [{ name: 'expiryDate', title: t('inventory.expiryDate'), width: 120, placeholder: 'YYYY-MM-DD' }] : []),
        ...(kind.type === 'other_receipt' ? [{ name: 'unitCost', title: t('inventory.unitCost'), width: 100 }] : []),
        { name: 'note', title: t('inventory.note'), width: 140 },
      ]}
    />
  );
}

function ProductName({ id }: { id: string }) {
  const p = useProduct(id);
  return <>{p ? `${p.code} ${p.name}` : id}</>;
}

function DocDrawer(props: { kind: Kind; id: string; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const qc = useQueryClient();
  const run = useRunAction();
  const warehouses = useWarehouses();
  const { all: reasons } = useReasons('both');
  const base = props.kind.path;
  const path = { params: { path: { id: props.id } } };
  const q = useQuery({ queryKey: ['stock-doc', props.id], queryFn: async () => ok<StockDoc>(await api.GET(`${base}/{id}` as '/api/inventory/adjustments/{id}', path)) });
  const d = q.data;
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['stock-doc', props.id] });
    void qc.invalidateQueries({ queryKey: ['audit', 'stock-doc', props.id] });
    props.onChanged();
  };
  const act = (verb: 'submit' | 'post' | 'reopen' | 'cancel') =>
    run(async () => ok(await api.POST(`${base}/{id}/${verb}` as '/api/inventory/adjustments/{id}/submit', path)), refresh);
  const write = can(props.kind.write);
  const post = can(props.kind.post);
  return (
    <Drawer open width={1000} title={d ? `${t(props.kind.title)} ${d.number}` : ''} onClose={props.onClose} extra={d && <StatusTag status={d.status} />}>
      {d && (
        <>
          <Space wrap>
            {d.status === 'draft' && write && <Button onClick={() => act('submit')}>{t('inventory.submit')}</Button>}
            {['draft', 'submitted'].includes(d.status) && post && (
              <Button type="primary" onClick={() => act('post')} data-testid="stockdoc-post">
                {t('inventory.post')}
              </Button>
            )}
            {d.status === 'submitted' && write && <Button onClick={() => act('reopen')}>{t('inventory.reopen')}</Button>}
            {['draft', 'submitted'].includes(d.status) && write && (
              <Button danger onClick={() => act('cancel')}>
                {t('inventory.cancel')}
              </Button>
            )}
            {d.status === 'posted' && !d.reversesId && post && (
              <ReasonAction
                label={t('inventory.reverse')}
                title={t('inventory.reverseReason')}
                danger
                onSubmit={(remark) =>
                  run(async () => ok(await api.POST(`${base}/{id}/reverse` as '/api/inventory/adjustments/{id}/reverse', { ...path, body: { remark } })), refresh)
                }
              />
            )}
          </Space>
          <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('inventory.warehouse')}>{refName(warehouses, d.warehouseId)}</Descriptions.Item>
            <Descriptions.Item label={t('inventory.businessDate')}>{d.businessDate}</Descriptions.Item>
            <Descriptions.Item label={t('inventory.postedAt')}>{dateTime(d.postedAt)}</Descriptions.Item>
            {d.remark && <Descriptions.Item label={t('inventory.remark')}>{d.remark}</Descriptions.Item>}
          </Descriptions>
          <Tabs
            items={[
              {
                key: 'lines',
                label: t('doc.lines'),
                children: (
                  <Table<StockDocLine>
                    size="small"
                    rowKey="lineNo"
                    pagination={false}
                    dataSource={d.lines ?? []}
                    columns={[
                      { title: '#', dataIndex: 'lineNo' },
                      { title: t('inventory.product'), dataIndex: 'productId', render: (id: string) => <ProductName id={id} /> },
                      { title: t('inventory.quantity'), dataIndex: 'quantity', align: 'right' },
                      { title: t('inventory.reasonCode'), dataIndex: 'reasonCode', render: (c: string) => reasons.find((r) => r.code === c)?.name ?? c },
                      { title: t('inventory.batchNo'), dataIndex: 'batchNo' },
                      { title: t('inventory.expiryDate'), dataIndex: 'expiryDate' },
                      { title: t('inventory.unitCost'), dataIndex: 'postedCost', align: 'right', render: (v: string | null, l) => money(v ?? l.unitCost) },
                      { title: t('inventory.note'), dataIndex: 'note' },
                    ]}
                  />
                ),
              },
              {
                key: 'audit',
                label: t('doc.audit'),
                children: (
                  <AuditTrail
                    queryKey={['stock-doc', d.id]}
                    load={async () =>
                      ok<{ items: AuditRow[] }>(
                        await api.GET('/api/audit', { params: { query: { entityType: 'stock_document', entityId: d.id, sort: ['at'], pageSize: 200 } as never } }),
                      ).items
                    }
                  />
                ),
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
