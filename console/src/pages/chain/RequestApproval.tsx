import { PageContainer, ModalForm, ProFormSelect, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Input, Space, Table, Tabs, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { AuditTrail, dateTime, ReasonAction, StatusTag, statusEnum, useRunAction, type AuditRow } from '../../lib/documents';
import { refEnum, refName, refOptions, useOrgUnits, useWarehouses } from '../../lib/refs';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';

export const REQUEST_STATUSES = ['submitted', 'approved', 'partially_approved', 'rejected', 'partially_shipped', 'shipped', 'received', 'closed', 'cancelled'];

export interface RequestLine {
  id: string;
  lineNo: number;
  productId: string;
  productCode: string;
  productName: string;
  requestedQty: string;
  suggestedQty: string | null;
  approvedQty: string | null;
  shippedQty: string;
  receivedQty: string;
  cancelledQty: string;
  toShipQty: string;
  cutReason: string | null;
  note: string | null;
}
export interface ReplenishmentRequest extends Record<string, unknown> {
  id: string;
  storeId: string;
  warehouseId: string;
  requestNo: string;
  status: string;
  wantedBy: string | null;
  note: string | null;
  submittedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  lines?: RequestLine[];
  shipments?: { id: string; number: string; status: string; postedAt: string | null; receivedAt: string | null }[];
}

export const getRequest = async (id: string) => ok<ReplenishmentRequest>(await api.GET('/api/replenishment/requests/{id}', { params: { path: { id } } }));

/** 连锁管理 → 要货确认: every store's requests; confirm whole or with cuts (and reasons), reject, fair allocation when short. */
export default function RequestApproval() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const actionRef = useRef<ActionType>();
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const stores = useOrgUnits().filter((o) => o.kind === 'store');

  const columns: ProColumns<ReplenishmentRequest>[] = [
    { title: t('chain.requestNo'), dataIndex: 'requestNo', sorter: true, search: false, render: (_, r) => <a onClick={() => setParams({ id: r.id })}>{r.requestNo}</a> },
    { title: t('chain.store'), dataIndex: 'storeId', valueType: 'select', valueEnum: refEnum(stores), fieldProps: { showSearch: true } },
    {
      title: t('common.status'),
      dataIndex: 'status',
      sorter: true,
      valueType: 'select',
      valueEnum: statusEnum(t, REQUEST_STATUSES),
      render: (_, r) => <StatusTag status={r.status} />,
    },
    { title: t('chain.submittedAt'), dataIndex: 'submittedAt', sorter: true, search: false, renderText: dateTime },
    { title: t('chain.period'), dataIndex: 'period', valueType: 'dateRange', hideInTable: true, search: { transform: (v: [string, string]) => ({ from: v[0], to: v[1] }) } },
    { title: t('chain.wantedBy'), dataIndex: 'wantedBy', sorter: true, search: false },
    { title: t('chain.note'), dataIndex: 'note', search: false, ellipsis: true },
    { title: t('chain.decidedAt'), dataIndex: 'decidedAt', search: false, renderText: dateTime },
  ];

  return (
    <PageContainer title={t('menu.requestApproval')}>
      <ServerTable<ReplenishmentRequest>
        id="replenishment-approval"
        headerTitle={t('menu.requestApproval')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<ReplenishmentRequest>>(await api.GET('/api/replenishment/requests', { params: { query: q as never } }))}
        toolBar={can('replenishment.approve') ? [<Allocation key="alloc" onDone={() => void actionRef.current?.reload()} />] : []}
      />
      {openId && <RequestDrawer id={openId} onClose={() => setParams({})} onChanged={() => void actionRef.current?.reload()} />}
    </PageContainer>
  );
}

function RequestDrawer(props: { id: string; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const run = useRunAction();
  const stores = useOrgUnits();
  const q = useQuery({ queryKey: ['replenishment-request', props.id], queryFn: () => getRequest(props.id) });
  const r = q.data;
  // what HQ confirms per line (default: as asked) and why a line is cut
  const [approved, setApproved] = useState<Record<string, string>>({});
  const [reasons, setReasons] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!r) return;
    setApproved(Object.fromEntries((r.lines ?? []).map((l) => [l.id, l.approvedQty ?? l.requestedQty])));
    setReasons(Object.fromEntries((r.lines ?? []).map((l) => [l.id, l.cutReason ?? ''])));
  }, [r]);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['replenishment-request', props.id] });
    void qc.invalidateQueries({ queryKey: ['audit', 'replenishment-request', props.id] });
    props.onChanged();
  };
  const path = { params: { path: { id: props.id } } };
  const approve = can('replenishment.approve');
  const deciding = r?.status === 'submitted' && approve;
  const shippable = r && ['approved', 'partially_approved', 'partially_shipped'].includes(r.status) && (r.lines ?? []).some((l) => Number(l.toShipQty) > 0);
  const confirm = () =>
    run(async () => {
      const lines = (r?.lines ?? [])
        .filter((l) => approved[l.id] !== l.requestedQty)
        .map((l) => ({ lineId: l.id, approvedQty: approved[l.id].trim(), ...(reasons[l.id]?.trim() ? { reason: reasons[l.id].trim() } : {}) }));
      ok(await api.POST('/api/replenishment/requests/{id}/approve', { ...path, body: lines.length ? { lines } : {} }));
    }, refresh);

  return (
    <Drawer
      open
      width={1100}
      title={r ? `${t('menu.requestApproval')} ${r.requestNo}` : ''}
      onClose={props.onClose}
      extra={r && <StatusTag status={r.status} />}
      data-testid="request-drawer"
    >
      {r && (
        <>
          <Space wrap>
            {deciding && (
              <Button type="primary" onClick={() => void confirm()} data-testid="request-approve">
                {t('chain.approve')}
              </Button>
            )}
            {deciding && (
              <ReasonAction
                label={t('chain.reject')}
                danger
                onSubmit={(reason) => run(async () => ok(await api.POST('/api/replenishment/requests/{id}/reject', { ...path, body: { reason } })), refresh)}
              />
            )}
            {shippable && can('replenishment.ship') && (
              <Button type="primary" onClick={() => navigate(`/chain/shipments?storeId=${r.storeId}&requestId=${r.id}`)} data-testid="request-ship">
                {t('chain.ship')}
              </Button>
            )}
            {shippable && approve && (
              <ReasonAction
                label={t('chain.cancelRemainder')}
                onSubmit={(reason) => run(async () => ok(await api.POST('/api/replenishment/requests/{id}/cancel-remainder', { ...path, body: { reason } })), refresh)}
              />
            )}
            {r && ['approved', 'partially_approved', 'partially_shipped', 'shipped', 'received'].includes(r.status) && approve && (
              <ReasonAction
                label={t('chain.close')}
                required={false}
                onSubmit={(reason) => run(async () => ok(await api.POST('/api/replenishment/requests/{id}/close', { ...path, body: reason ? { reason } : {} })), refresh)}
              />
            )}
          </Space>
          <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('chain.store')}>{refName(stores, r.storeId)}</Descriptions.Item>
            <Descriptions.Item label={t('chain.submittedAt')}>{dateTime(r.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('chain.wantedBy')}>{r.wantedBy ?? '-'}</Descriptions.Item>
            {r.note && <Descriptions.Item label={t('chain.note')}>{r.note}</Descriptions.Item>}
            {r.decisionReason && <Descriptions.Item label={t('doc.reason')}>{r.decisionReason}</Descriptions.Item>}
            {(r.shipments ?? []).length > 0 && (
              <Descriptions.Item label={t('menu.shipments')}>
                <Space wrap>
                  {(r.shipments ?? []).map((s) => (
                    <a key={s.id} onClick={() => navigate(`/chain/shipments?id=${s.id}`)}>
                      {s.number} <StatusTag status={s.status} />
                    </a>
                  ))}
                </Space>
              </Descriptions.Item>
            )}
          </Descriptions>
          {deciding && <Alert type="info" showIcon style={{ margin: '8px 0' }} message={t('chain.cutHint')} />}
          <Tabs
            items={[
              {
                key: 'lines',
                label: t('doc.lines'),
                children: (
                  <Table<RequestLine>
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={r.lines ?? []}
                    scroll={{ x: 'max-content' }}
                    columns={[
                      { title: '#', dataIndex: 'lineNo' },
                      { title: t('product.code'), dataIndex: 'productCode' },
                      { title: t('product.name'), dataIndex: 'productName' },
                      { title: t('chain.requestedQty'), dataIndex: 'requestedQty', align: 'right' },
                      { title: t('chain.suggestedQty'), dataIndex: 'suggestedQty', align: 'right' },
                      {
                        title: t('chain.approvedQty'),
                        dataIndex: 'approvedQty',
                        align: 'right',
                        render: (v: string | null, l) =>
                          deciding ? (
                            <Input
                              style={{ width: 90 }}
                              value={approved[l.id]}
                              onChange={(e) => setApproved((a) => ({ ...a, [l.id]: e.target.value }))}
                              data-testid={`approve-qty-${l.lineNo}`}
                            />
                          ) : (
                            (v ?? '-')
                          ),
                      },
                      {
                        title: t('chain.cutReason'),
                        dataIndex: 'cutReason',
                        render: (v: string | null, l) =>
                          deciding ? (
                            <Input
                              style={{ width: 180 }}
                              value={reasons[l.id]}
                              disabled={approved[l.id] === l.requestedQty}
                              onChange={(e) => setReasons((a) => ({ ...a, [l.id]: e.target.value }))}
                              data-testid={`cut-reason-${l.lineNo}`}
                            />
                          ) : (
                            (v ?? '')
                          ),
                      },
                      { title: t('chain.shippedQty'), dataIndex: 'shippedQty', align: 'right' },
                      { title: t('chain.toShipQty'), dataIndex: 'toShipQty', align: 'right' },
                      { title: t('chain.receivedQty'), dataIndex: 'receivedQty', align: 'right' },
                      { title: t('chain.cancelledQty'), dataIndex: 'cancelledQty', align: 'right' },
                    ]}
                  />
                ),
              },
              {
                key: 'audit',
                label: t('doc.audit'),
                children: (
                  <AuditTrail queryKey={['replenishment-request', r.id]} load={async () => ok<AuditRow[]>(await api.GET('/api/replenishment/requests/{id}/audit', path))} />
                ),
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}

interface AllocationLine {
  requestId: string;
  requestNo: string;
  storeId: string;
  storeCode: string;
  lineId: string;
  requested: string;
  proposed: string;
}
interface AllocationProduct {
  productId: string;
  productCode: string;
  productName: string;
  onHand: string;
  committed: string;
  available: string;
  requested: string;
  short: boolean;
  lines: AllocationLine[];
}

/**
 * 缺货分配: what HQ's warehouse can give, shared among the waiting requests (priority, then in
 * proportion); the proposal can be changed, then each request is confirmed with its share.
 */
function Allocation({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const run = useRunAction();
  const warehouses = useWarehouses().filter((w) => w.kind === 'normal' && w.status === 'active' && w.orgUnitId === me?.orgUnit.id);
  const [proposal, setProposal] = useState<AllocationProduct[] | null>(null);
  const [shares, setShares] = useState<Record<string, string>>({});
  const propose = async (warehouseId: string) =>
    run(async () => {
      const p = ok<AllocationProduct[]>(await api.POST('/api/replenishment/allocation', { body: { warehouseId } }));
      setProposal(p);
      setShares(Object.fromEntries(p.flatMap((x) => x.lines.map((l) => [l.lineId, l.proposed]))));
    });
  return (
    <ModalForm<{ warehouseId: string; reason: string }>
      title={t('chain.allocation')}
      width={1000}
      trigger={<Button data-testid="allocation">{t('chain.allocation')}</Button>}
      modalProps={{ destroyOnClose: true, afterClose: () => setProposal(null) }}
      submitter={{ searchConfig: { submitText: t('chain.allocationApply') } }}
      onFinish={async (v) => {
        if (!proposal) return false;
        // one confirmation per request, with every line's share; a cut line carries the reason
        const byRequest = new Map<string, { lineId: string; approvedQty: string; reason?: string }[]>();
        for (const p of proposal)
          for (const l of p.lines) {
            const qty = (shares[l.lineId] ?? l.proposed).trim();
            const list = byRequest.get(l.requestId) ?? [];
            list.push({ lineId: l.lineId, approvedQty: qty, ...(qty !== l.requested ? { reason: v.reason } : {}) });
            byRequest.set(l.requestId, list);
          }
        const done = await run(async () => {
          for (const [id, lines] of byRequest) ok(await api.POST('/api/replenishment/requests/{id}/approve', { params: { path: { id } }, body: { lines } }));
        }, onDone);
        return done;
      }}
    >
      <ProFormSelect
        name="warehouseId"
        label={t('chain.fromWarehouse')}
        options={refOptions(warehouses)}
        rules={[{ required: true }]}
        fieldProps={{ onChange: (v: string) => void propose(v) }}
      />
      {proposal && (
        <>
          <Table<AllocationProduct>
            size="small"
            rowKey="productId"
            pagination={false}
            dataSource={proposal}
            expandable={{
              defaultExpandAllRows: true,
              expandedRowRender: (p) => (
                <Table<AllocationLine>
                  size="small"
                  rowKey="lineId"
                  pagination={false}
                  dataSource={p.lines}
                  columns={[
                    { title: t('chain.store'), dataIndex: 'storeCode' },
                    { title: t('chain.requestNo'), dataIndex: 'requestNo' },
                    { title: t('chain.requestedQty'), dataIndex: 'requested', align: 'right' },
                    {
                      title: t('chain.proposedQty'),
                      dataIndex: 'proposed',
                      align: 'right',
                      render: (_: string, l) => <Input style={{ width: 90 }} value={shares[l.lineId]} onChange={(e) => setShares((s) => ({ ...s, [l.lineId]: e.target.value }))} />,
                    },
                  ]}
                />
              ),
            }}
            columns={[
              { title: t('product.code'), dataIndex: 'productCode' },
              { title: t('product.name'), dataIndex: 'productName' },
              { title: t('chain.onHand'), dataIndex: 'onHand', align: 'right' },
              { title: t('chain.committed'), dataIndex: 'committed', align: 'right' },
              { title: t('chain.available'), dataIndex: 'available', align: 'right' },
              { title: t('chain.requestedQty'), dataIndex: 'requested', align: 'right' },
              { title: '', dataIndex: 'short', render: (s: boolean) => (s ? <Tag color="red">{t('chain.short')}</Tag> : null) },
            ]}
          />
          <ProFormText name="reason" label={t('chain.cutReason')} initialValue={t('chain.allocationReason')} rules={[{ required: true }]} />
        </>
      )}
    </ModalForm>
  );
}
