import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { ServerTable } from '../../lib/ServerTable';
import { storeApi } from '../../lib/storeApi';

interface RequestRow extends Record<string, unknown> {
  id: string;
  number: string;
  status: string;
  wantedBy: string | null;
  note: string | null;
  submittedAt: string | null;
  createdAt: string;
  decisionReason: string | null;
}
interface RequestLine {
  id: string;
  lineNo: number;
  productCode: string;
  productName: string;
  quantity: string;
  suggestedQty: string;
  approvedQty: string | null;
  shippedQty: string | null;
  receivedQty: string | null;
  cutReason: string | null;
  note: string | null;
}
interface RequestView extends RequestRow {
  lines: RequestLine[];
  shipments: { id: string; number: string; status: string }[];
}
export interface Suggestion {
  productId: string;
  productCode: string;
  productName: string;
  soldQty: string;
  onHand: string;
  inTransit: string;
  onOrder: string;
  minQty: string | null;
  maxQty: string | null;
  dailyVelocity: string;
  reorderPoint: string;
  orderUpTo: string;
  suggested: string;
}
interface Params {
  days: number;
  leadTimeDays: number;
  coverDays: number;
}

const STATUS_COLOR: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'blue',
  partially_approved: 'blue',
  rejected: 'red',
  cancelled: 'default',
  partially_shipped: 'orange',
  shipped: 'orange',
  received: 'green',
  closed: 'default',
};
const errText = (e: unknown) => (e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));

/** Why this quantity: the suggestion's own numbers, as the calculator used them. */
function Why({ s, p }: { s: Suggestion; p: Params }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {t('request.why', {
        sold: s.soldQty,
        days: p.days,
        velocity: s.dailyVelocity,
        lead: p.leadTimeDays,
        cover: p.coverDays,
        rop: s.reorderPoint,
        upTo: s.orderUpTo,
        position: (Number(s.onHand) + Number(s.inTransit) + Number(s.onOrder)).toString(),
      })}
      {s.minQty != null && ` ${t('request.minMax', { min: s.minQty, max: s.maxQty ?? '—' })}`}
    </Typography.Text>
  );
}

/** 新建要货申请: the suggested quantities (and why), editable; more products by code or name. */
function NewRequest({ open, onClose, onSaved }: { open: boolean; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useState<Params>({ days: 28, leadTimeDays: 2, coverDays: 7 });
  const [rows, setRows] = useState<Suggestion[]>([]);
  const [qty, setQty] = useState<Record<string, number | null>>({});
  const [loading, setLoading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [wantedBy, setWantedBy] = useState('');
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);

  const suggest = async (p: Params, productIds?: string[]) => {
    const res = (await storeApi.GET('/api/replenishment/suggestions', { params: { query: { ...p, ...(productIds ? { productIds: productIds as never } : {}) } } }))
      .data as unknown as Suggestion[];
    return res;
  };
  const calculate = async () => {
    setLoading(true);
    setFailure(null);
    try {
      const extra = rows.filter((r) => Number(r.suggested) === 0).map((r) => r.productId);
      const got = await suggest(params);
      const more = extra.length ? await suggest(params, extra) : [];
      const all = [...got, ...more.filter((m) => !got.some((g) => g.productId === m.productId))];
      setRows(all);
      setQty(Object.fromEntries(all.map((r) => [r.productId, Number(r.suggested) || null])));
    } catch (e) {
      setFailure(errText(e));
    } finally {
      setLoading(false);
    }
  };
  const search = async (keyword: string) => {
    if (!keyword.trim()) return setOptions([]);
    const page = (await api.GET('/api/catalog/products', { params: { query: { search: keyword, pageSize: 20 } } })).data as unknown as {
      items: { id: string; code: string; name: string }[];
    };
    setOptions(page.items.map((p) => ({ value: p.id, label: `${p.code} ${p.name}` })));
  };
  const add = async (productId: string) => {
    if (rows.some((r) => r.productId === productId)) return;
    const [s] = await suggest(params, [productId]);
    if (s) {
      setRows((r) => [...r, s]);
      setQty((q) => ({ ...q, [productId]: Number(s.suggested) || null }));
    }
  };
  const save = async (submit: boolean) => {
    const lines = rows.filter((r) => (qty[r.productId] ?? 0) > 0).map((r) => ({ productId: r.productId, quantity: String(qty[r.productId]) }));
    if (!lines.length) return setFailure(t('request.noLines'));
    setSaving(true);
    setFailure(null);
    try {
      const created = (await storeApi.POST('/api/replenishment/requests', { body: { lines, ...(wantedBy ? { wantedBy } : {}), ...(note.trim() ? { note: note.trim() } : {}) } }))
        .data as unknown as { id: string; number: string };
      if (submit) await storeApi.POST('/api/replenishment/requests/{id}/submit', { params: { path: { id: created.id } } });
      void message.success(submit ? t('request.submitted', { number: created.number }) : t('common.saved'));
      onSaved();
      onClose();
      setRows([]);
    } catch (e) {
      setFailure(errText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('request.newTitle')}
      open={open}
      onCancel={onClose}
      width={1200}
      maskClosable={false}
      destroyOnClose
      afterOpenChange={(o) => o && void calculate()}
      footer={[
        <Button key="c" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="d" loading={saving} onClick={() => void save(false)}>
          {t('request.saveDraft')}
        </Button>,
        <Button key="s" type="primary" loading={saving} onClick={() => void save(true)} data-testid="request-submit">
          {t('request.saveSubmit')}
        </Button>,
      ]}
    >
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} data-testid="request-error" />}
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label={t('request.days')}>
          <InputNumber min={1} max={365} value={params.days} onChange={(v) => setParams({ ...params, days: v ?? 28 })} />
        </Form.Item>
        <Form.Item label={t('request.leadTime')}>
          <InputNumber min={0} max={90} value={params.leadTimeDays} onChange={(v) => setParams({ ...params, leadTimeDays: v ?? 0 })} />
        </Form.Item>
        <Form.Item label={t('request.coverDays')}>
          <InputNumber min={0} max={180} value={params.coverDays} onChange={(v) => setParams({ ...params, coverDays: v ?? 0 })} />
        </Form.Item>
        <Button onClick={() => void calculate()} loading={loading}>
          {t('request.calculate')}
        </Button>
      </Form>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select<string>
          showSearch
          placeholder={t('request.addProduct')}
          style={{ width: 320 }}
          filterOption={false}
          onSearch={(k) => void search(k)}
          options={options}
          value={undefined}
          onSelect={(v) => void add(v)}
          data-testid="request-add-product"
        />
        <Input type="date" value={wantedBy} onChange={(e) => setWantedBy(e.target.value)} addonBefore={t('request.wantedBy')} style={{ width: 260 }} />
        <Input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('request.note')} style={{ width: 300 }} maxLength={500} />
      </Space>
      <Table<Suggestion>
        rowKey="productId"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        scroll={{ y: 420 }}
        locale={{ emptyText: t('request.nothingSuggested') }}
        columns={[
          { title: t('product.code'), dataIndex: 'productCode', width: 110 },
          { title: t('product.name'), dataIndex: 'productName', width: 160 },
          { title: t('request.sold', { days: params.days }), dataIndex: 'soldQty', width: 80, align: 'right' },
          { title: t('request.velocity'), dataIndex: 'dailyVelocity', width: 80, align: 'right' },
          { title: t('request.onHand'), dataIndex: 'onHand', width: 70, align: 'right' },
          { title: t('request.inTransit'), key: 'transit', width: 90, align: 'right', render: (_, r) => `${r.inTransit} / ${r.onOrder}` },
          { title: t('request.suggested'), dataIndex: 'suggested', width: 70, align: 'right', render: (v: string) => <b>{v}</b> },
          {
            title: t('request.quantity'),
            key: 'qty',
            width: 110,
            render: (_, r) => (
              <InputNumber
                min={0}
                max={999999999}
                precision={3}
                value={qty[r.productId]}
                onChange={(v) => setQty({ ...qty, [r.productId]: v })}
                data-testid={`qty-${r.productCode}`}
              />
            ),
          },
          { title: t('request.whyTitle'), key: 'why', render: (_, r) => <Why s={r} p={params} /> },
        ]}
      />
    </Modal>
  );
}

/** The request as both sides see it: asked, suggested, approved (and why cut), shipped, received. */
function RequestDrawer({ id, onClose }: { id: string | null; onClose(): void }) {
  const { t } = useTranslation();
  const [view, setView] = useState<RequestView | null>(null);
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      width={900}
      title={view ? `${t('menu.storeRequests')} ${view.number}` : ''}
      afterOpenChange={(o) => {
        if (o && id) void storeApi.GET('/api/replenishment/requests/{id}', { params: { path: { id } } }).then((r) => setView(r.data as unknown as RequestView));
        else setView(null);
      }}
    >
      {view && (
        <>
          <Descriptions
            size="small"
            column={2}
            items={[
              { label: t('request.status'), children: <Tag color={STATUS_COLOR[view.status]}>{t(`request.statuses.${view.status}`)}</Tag> },
              { label: t('request.wantedBy'), children: view.wantedBy ?? '—' },
              { label: t('request.note'), children: view.note ?? '—' },
              { label: t('request.decision'), children: view.decisionReason ?? '—' },
              { label: t('request.shipments'), children: view.shipments.map((s) => s.number).join(', ') || '—' },
            ]}
          />
          <Table<RequestLine>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={view.lines}
            columns={[
              { title: '#', dataIndex: 'lineNo', width: 40 },
              { title: t('product.code'), dataIndex: 'productCode' },
              { title: t('product.name'), dataIndex: 'productName' },
              { title: t('request.quantity'), dataIndex: 'quantity', align: 'right' },
              { title: t('request.suggested'), dataIndex: 'suggestedQty', align: 'right' },
              {
                title: t('request.approved'),
                dataIndex: 'approvedQty',
                align: 'right',
                render: (v: string | null, r) => (r.cutReason ? <Tooltip title={r.cutReason}>{v} *</Tooltip> : (v ?? '—')),
              },
              { title: t('request.shipped'), dataIndex: 'shippedQty', align: 'right', render: (v: string | null) => v ?? '—' },
              { title: t('request.received'), dataIndex: 'receivedQty', align: 'right', render: (v: string | null) => v ?? '—' },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}

/** 要货申请 (调拨申请): the store's requests to HQ, with HQ's decision and shipments as they come back. */
export default function Requests() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const ref = useRef<ActionType>();
  const [creating, setCreating] = useState(false);
  const [viewing, setViewing] = useState<string | null>(null);
  const write = can('replenishment.request.write');
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      void message.success(t('common.saved'));
      void ref.current?.reload();
    } catch (e) {
      void message.error(errText(e));
    }
  };
  const columns: ProColumns<RequestRow>[] = [
    { title: t('request.number'), dataIndex: 'number', sorter: true, search: false, render: (_, r) => <a onClick={() => setViewing(r.id)}>{r.number}</a> },
    {
      title: t('request.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: Object.fromEntries(Object.keys(STATUS_COLOR).map((k) => [k, { text: t(`request.statuses.${k}`) }])),
      render: (_, r) => <Tag color={STATUS_COLOR[r.status]}>{t(`request.statuses.${r.status}`)}</Tag>,
    },
    { title: t('request.wantedBy'), dataIndex: 'wantedBy', sorter: true, search: false },
    { title: t('request.note'), dataIndex: 'note', search: false, ellipsis: true },
    { title: t('request.decision'), dataIndex: 'decisionReason', search: false, ellipsis: true },
    { title: t('common.createdAt'), dataIndex: 'createdAt', valueType: 'dateTime', sorter: true, search: false },
    {
      title: t('common.actions'),
      key: 'actions',
      search: false,
      render: (_, r) =>
        write && (r.status === 'draft' || r.status === 'submitted') ? (
          <Space>
            {r.status === 'draft' && (
              <a onClick={() => void act(() => storeApi.POST('/api/replenishment/requests/{id}/submit', { params: { path: { id: r.id } } }))}>{t('request.submit')}</a>
            )}
            <Popconfirm
              title={t('request.confirmCancel')}
              onConfirm={() =>
                act(() => storeApi.POST('/api/replenishment/requests/{id}/cancel', { params: { path: { id: r.id } }, body: { reason: t('request.cancelledByStore') } }))
              }
            >
              <a>{t('request.cancel')}</a>
            </Popconfirm>
          </Space>
        ) : null,
    },
  ];
  return (
    <PageContainer title={false}>
      <ServerTable<RequestRow>
        id="store-requests"
        headerTitle={t('menu.storeRequests')}
        actionRef={ref}
        columns={columns}
        fetchPage={async (q) => (await storeApi.GET('/api/replenishment/requests', { params: { query: q as never } })).data as unknown as { items: RequestRow[]; total: number }}
        toolBar={
          write
            ? [
                <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="request-new">
                  {t('request.new')}
                </Button>,
              ]
            : []
        }
      />
      <NewRequest open={creating} onClose={() => setCreating(false)} onSaved={() => void ref.current?.reload()} />
      <RequestDrawer id={viewing} onClose={() => setViewing(null)} />
    </PageContainer>
  );
}
