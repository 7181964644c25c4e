import { CopyOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDigit, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Descriptions, Drawer, Popconfirm, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ok } from '../../lib/api';
import { dateTime, errorText, ReasonAction, StatusTag, useRunAction } from '../../lib/documents';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';

interface SourceFailure {
  source: string;
  storeCode: string;
  failures: number;
  totalFailures: number;
  lockCount: number;
  lastFailedAt: string;
  lastReason: string;
  locked: boolean;
  lockedUntil: string | null;
}
interface StoreTransfer extends Record<string, unknown> {
  storeId: string;
  code: string;
  name: string;
  orgStatus: string;
  transferStatus: string;
  locked: boolean;
  lockedUntil: string | null;
  recentFailures: SourceFailure[];
  lastContactAt: string | null;
  lastPullAt: string | null;
  lastPushAt: string | null;
  cursor: string | null;
  pullBacklog: number | null;
  outboxBacklog: number;
  failedRecords: number;
  lastFailedRecord: { id: string; stream: string; error: string | null; receivedAt: string; kind: 'record' | 'conflict' } | null;
  lastError: string | null;
  lastErrorAt: string | null;
  keyChangedAt: string;
  previousKeyUntil: string | null;
  scopeVersion: number;
}
interface InboxRecord extends Record<string, unknown> {
  id: string;
  stream: string;
  status: string;
  attempts?: number;
  error: string | null;
  receivedAt: string;
  body: Record<string, unknown>;
}
interface Rotation {
  transferPassword: string | null;
  previousPasswordValidUntil: string | null;
  setupCode: string;
  setupCodeExpiresAt: string;
}

/** 连锁管理 → 门店传输管理: every store's sync health; failed records, lockouts, password rotation. */
export default function TransferAdmin() {
  const { t } = useTranslation();
  const actionRef = useRef<ActionType>();
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const columns: ProColumns<StoreTransfer>[] = [
    { title: t('common.search'), dataIndex: 'search', hideInTable: true, fieldProps: { placeholder: t('chain.storeHint') } },
    { title: t('chain.store'), dataIndex: 'code', search: false, render: (_, r) => <a onClick={() => setParams({ id: r.storeId })}>{`${r.code} ${r.name}`}</a> },
    {
      title: t('chain.channel'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: { active: { text: t('docStatus.active') }, revoked: { text: t('docStatus.revoked') } },
      render: (_, r) => (
        <Space size={4}>
          <StatusTag status={r.transferStatus} />
          {r.locked && <Tag color="red">{t('chain.locked')}</Tag>}
        </Space>
      ),
    },
    { title: t('chain.lastContact'), dataIndex: 'lastContactAt', search: false, render: (_, r) => <Since at={r.lastContactAt} /> },
    { title: t('chain.cursor'), dataIndex: 'cursor', search: false, ellipsis: true },
    { title: t('chain.pullBacklog'), dataIndex: 'pullBacklog', search: false, align: 'right' },
    { title: t('chain.outboxBacklog'), dataIndex: 'outboxBacklog', search: false, align: 'right' },
    { title: t('chain.failedRecords'), dataIndex: 'failedRecords', search: false, align: 'right', render: (_, r) => (r.failedRecords > 0 ? <Badge count={r.failedRecords} /> : 0) },
    {
      title: t('chain.lastError'),
      dataIndex: 'lastError',
      search: false,
      ellipsis: true,
      render: (_, r) => (r.lastError ? <Tooltip title={`${dateTime(r.lastErrorAt)} ${r.lastError}`}>{r.lastError}</Tooltip> : '-'),
    },
  ];
  return (
    <PageContainer title={t('menu.transfer')}>
      <ServerTable<StoreTransfer>
        id="store-transfer"
        headerTitle={t('menu.transfer')}
        rowKey="storeId"
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<StoreTransfer>>(await api.GET('/api/stores/transfer', { params: { query: q as never } }))}
      />
      {openId && <StoreDrawer storeId={openId} onClose={() => setParams({})} onChanged={() => void actionRef.current?.reload()} />}
    </PageContainer>
  );
}

/** When the store was last heard of, red when it is more than a day ago. */
function Since({ at }: { at: string | null }) {
  const { t } = useTranslation();
  if (!at) return <Tag>{t('chain.never')}</Tag>;
  const hours = (Date.now() - new Date(at).getTime()) / 3_600_000;
  return <span style={{ color: hours > 24 ? '#cf1322' : undefined }}>{dateTime(at)}</span>;
}

function StoreDrawer(props: { storeId: string; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const run = useRunAction();
  const path = { params: { path: { id: props.storeId } } };
  const q = useQuery({ queryKey: ['store-transfer', props.storeId], queryFn: async () => ok<StoreTransfer>(await api.GET('/api/stores/{id}/transfer', path)) });
  const s = q.data;
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['store-transfer', props.storeId] });
    void qc.invalidateQueries({ queryKey: ['inbox', props.storeId] });
    props.onChanged();
  };
  return (
    <Drawer
      open
      width={1100}
      title={s ? `${t('menu.transfer')} · ${s.code} ${s.name}` : ''}
      onClose={props.onClose}
      extra={s && <StatusTag status={s.transferStatus} />}
      data-testid="transfer-drawer"
    >
      {s && (
        <>
          <Space wrap>
            <RotatePassword storeId={s.storeId} onDone={refresh} />
            {(s.transferStatus === 'revoked' || s.locked) && (
              <Button type="primary" onClick={() => run(async () => ok(await api.POST('/api/stores/{id}/transfer/reinstate', path)), refresh)} data-testid="reinstate">
                {t('chain.reinstate')}
              </Button>
            )}
            {s.transferStatus === 'active' && (
              <Popconfirm title={t('chain.revokeConfirm')} onConfirm={() => run(async () => ok(await api.POST('/api/stores/{id}/transfer/revoke', path)), refresh)}>
                <Button danger>{t('chain.revoke')}</Button>
              </Popconfirm>
            )}
          </Space>
          <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('chain.lastContact')}>
              <Since at={s.lastContactAt} />
            </Descriptions.Item>
            <Descriptions.Item label={t('chain.lastPull')}>{dateTime(s.lastPullAt)}</Descriptions.Item>
            <Descriptions.Item label={t('chain.lastPush')}>{dateTime(s.lastPushAt)}</Descriptions.Item>
            <Descriptions.Item label={t('chain.cursor')}>{s.cursor ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('chain.pullBacklog')}>{s.pullBacklog ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('chain.outboxBacklog')}>{s.outboxBacklog}</Descriptions.Item>
            <Descriptions.Item label={t('chain.keyChangedAt')}>{dateTime(s.keyChangedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('chain.previousKeyUntil')}>{dateTime(s.previousKeyUntil)}</Descriptions.Item>
            <Descriptions.Item label={t('chain.scopeVersion')}>{s.scopeVersion}</Descriptions.Item>
            {s.locked && <Descriptions.Item label={t('chain.locked')}>{dateTime(s.lockedUntil)}</Descriptions.Item>}
          </Descriptions>
          {s.lastError && <Alert type="warning" showIcon style={{ margin: '8px 0' }} message={`${t('chain.lastError')} · ${dateTime(s.lastErrorAt)}`} description={s.lastError} />}
          <Tabs
            items={[
              { key: 'records', label: `${t('chain.failedRecordsTab')}`, children: <InboxList storeId={s.storeId} kind="records" onChanged={refresh} /> },
              { key: 'conflicts', label: t('chain.conflicts'), children: <InboxList storeId={s.storeId} kind="conflicts" onChanged={refresh} /> },
              {
                key: 'sources',
                label: t('chain.sources'),
                children: (
                  <Table<SourceFailure>
                    size="small"
                    rowKey="source"
                    pagination={false}
                    dataSource={s.recentFailures}
                    columns={[
                      { title: t('chain.source'), dataIndex: 'source' },
                      { title: t('chain.failures'), dataIndex: 'failures', align: 'right' },
                      { title: t('chain.totalFailures'), dataIndex: 'totalFailures', align: 'right' },
                      { title: t('chain.lastFailedAt'), dataIndex: 'lastFailedAt', render: dateTime },
                      { title: t('chain.lastReason'), dataIndex: 'lastReason' },
                      { title: t('chain.locked'), dataIndex: 'locked', render: (l: boolean, r) => (l ? <Tag color="red">{dateTime(r.lockedUntil)}</Tag> : '-') },
                      {
                        title: t('common.actions'),
                        render: (_, r) =>
                          r.locked ? (
                            <a onClick={() => run(async () => ok(await api.POST('/api/stores/transfer/sources/release', { body: { source: r.source } as never })), refresh)}>
                              {t('chain.release')}
                            </a>
                          ) : null,
                      },
                    ]}
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

/** Records HQ refused from this store: retry (after fixing the cause) or discard with a reason; conflicts: discard or supersede. */
function InboxList({ storeId, kind, onChanged }: { storeId: string; kind: 'records' | 'conflicts'; onChanged(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const run = useRunAction();
  const [status, setStatus] = useState('failed');
  const q = useQuery({
    queryKey: ['inbox', storeId, kind, status],
    queryFn: async () =>
      kind === 'records'
        ? ok<Page<InboxRecord>>(await api.GET('/api/stores/{id}/transfer/records', { params: { path: { id: storeId }, query: { status, pageSize: 100 } as never } }))
        : ok<Page<InboxRecord>>(await api.GET('/api/stores/{id}/transfer/conflicts', { params: { path: { id: storeId }, query: { status, pageSize: 100 } as never } })),
  });
  const statuses = kind === 'records' ? ['failed', 'received', 'processed', 'discarded'] : ['failed', 'discarded', 'superseded'];
  const p = (recordId: string) => ({ params: { path: { id: storeId, recordId } } });
  const c = (conflictId: string) => ({ params: { path: { id: storeId, conflictId } } });
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        {statuses.map((s) => (
          <Button key={s} size="small" type={s === status ? 'primary' : 'default'} onClick={() => setStatus(s)}>
            {t(`docStatus.${s}`)}
          </Button>
        ))}
      </Space>
      <Table<InboxRecord>
        size="small"
        rowKey="id"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        pagination={false}
        expandable={{
          expandedRowRender: (r) => (
            <Typography.Paragraph code copyable style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>
              {JSON.stringify(r.body, null, 2)}
            </Typography.Paragraph>
          ),
        }}
        columns={[
          { title: t('chain.stream'), dataIndex: 'stream' },
          { title: t('chain.receivedAt'), dataIndex: 'receivedAt', render: dateTime },
          ...(kind === 'records' ? [{ title: t('chain.attempts'), dataIndex: 'attempts', align: 'right' as const }] : []),
          { title: t('chain.error'), dataIndex: 'error', ellipsis: true },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          {
            title: t('common.actions'),
            render: (_, r) =>
              r.status === 'failed' || (kind === 'conflicts' && r.status === 'discarded') ? (
                <Space>
                  {kind === 'records' && (
                    <Button
                      size="small"
                      onClick={async () => {
                        try {
                          const after = ok<InboxRecord>(await api.POST('/api/stores/{id}/transfer/records/{recordId}/retry', p(r.id)));
                          void (after.status === 'processed' ? message.success(t('docStatus.processed')) : message.warning(`${t('docStatus.failed')}: ${after.error ?? ''}`));
                        } catch (e) {
                          void message.error(errorText(e));
                        }
                        void q.refetch();
                        onChanged();
                      }}
                    >
                      {t('chain.retry')}
                    </Button>
                  )}
                  {r.status === 'failed' && (
                    <ReasonAction
                      label={t('chain.discard')}
                      onSubmit={(reason) =>
                        run(
                          async () =>
                            ok(
                              kind === 'records'
                                ? await api.POST('/api/stores/{id}/transfer/records/{recordId}/discard', { ...p(r.id), body: { reason } })
                                : await api.POST('/api/stores/{id}/transfer/conflicts/{conflictId}/discard', { ...c(r.id), body: { reason } }),
                            ),
                          () => {
                            void q.refetch();
                            onChanged();
                          },
                        )
                      }
                    />
                  )}
                  {kind === 'conflicts' && (
                    <ReasonAction
                      label={t('chain.supersede')}
                      title={t('chain.supersedeHint')}
                      onSubmit={(reason) =>
                        run(
                          async () => ok(await api.POST('/api/stores/{id}/transfer/conflicts/{conflictId}/supersede', { ...c(r.id), body: { reason } })),
                          () => {
                            void q.refetch();
                            onChanged();
                          },
                        )
                      }
                    />
                  )}
                </Space>
              ) : null,
          },
        ]}
      />
    </>
  );
}

/** 更换传输密码: new password (or generated), grace hours for the old one; the result is shown once. */
function RotatePassword({ storeId, onDone }: { storeId: string; onDone(): void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  return (
    <ModalForm<{ password?: string; graceHours?: number }>
      title={t('chain.rotate')}
      width={520}
      modalProps={{ destroyOnClose: true }}
      initialValues={{ graceHours: 24 }}
      trigger={<Button data-testid="rotate">{t('chain.rotate')}</Button>}
      onFinish={async (v) => {
        try {
          const r = ok<Rotation>(
            await api.POST('/api/stores/{id}/transfer/password', {
              params: { path: { id: storeId } },
              body: { ...(v.password?.trim() ? { password: v.password.trim() } : {}), graceHours: v.graceHours ?? 24 },
            }),
          );
          onDone();
          modal.success({
            title: t('chain.rotated'),
            width: 560,
            content: (
              <Descriptions column={1} size="small">
                {r.transferPassword && (
                  <Descriptions.Item label={t('chain.newPassword')}>
                    <Typography.Text code copyable={{ icon: <CopyOutlined /> }}>
                      {r.transferPassword}
                    </Typography.Text>
                  </Descriptions.Item>
                )}
                <Descriptions.Item label={t('chain.setupCode')}>
                  <Typography.Text code copyable>
                    {r.setupCode}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('chain.setupCodeExpires')}>{dateTime(r.setupCodeExpiresAt)}</Descriptions.Item>
                <Descriptions.Item label={t('chain.previousKeyUntil')}>{dateTime(r.previousPasswordValidUntil)}</Descriptions.Item>
                <Descriptions.Item>{t('chain.shownOnce')}</Descriptions.Item>
              </Descriptions>
            ),
          });
          return true;
        } catch (e) {
          void message.error(errorText(e));
          return false;
        }
      }}
    >
      <ProFormText.Password name="password" label={t('chain.newPassword')} placeholder={t('chain.generatedHint')} rules={[{ min: 10 }]} />
      <ProFormDigit name="graceHours" label={t('chain.graceHours')} min={0} max={720} fieldProps={{ precision: 0 }} />
    </ModalForm>
  );
}
