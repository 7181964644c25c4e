import { SyncOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { storeApi } from '../../lib/storeApi';
import { explainTransferError } from '../setup/transferErrors';

interface StreamStatus {
  stream: string;
  direction: 'pull' | 'push';
  backlog: number;
  lastContactAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  blockedRecordId: string | null;
  rowsApplied: number;
  lockedUntil: string | null;
  conflicts?: number;
}
interface SyncError {
  stream: string;
  code: string;
  message: string;
  recordId?: string;
  details?: Record<string, unknown>;
}
interface SyncReport {
  ok: boolean;
  pushed: Record<string, { stored: number; duplicate: number; conflict?: number }>;
  pulled: { pages: number; rows: number; removed: number };
  snapshot: { pages: number; rows: number } | null;
  errors: SyncError[];
}
export interface SyncStatus {
  initialised: boolean;
  storeCode: string | null;
  hqUrl: string | null;
  warehouseCode: string | null;
  running: boolean;
  hqLockedUntil: string | null;
  restore: { state?: string } | null;
  streams: StreamStatus[];
  lastRun: (SyncReport & { at: string; reason: string }) | null;
  progress: { phase: string; pages: number; rows: number; pushed: number } | null;
}

const fmt = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * 同步 (传输): when the store last reached HQ, what waits to go up (per stream) and what came down,
 * records HQ refused or that block a stream and what to do about them, and 立即同步.
 */
export default function Sync() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const [syncing, setSyncing] = useState(false);
  const [report, setReport] = useState<SyncReport | null>(null);
  const status = useQuery({
    queryKey: ['sync-status'],
    queryFn: async () => (await storeApi.GET('/api/sync/status')).data as unknown as SyncStatus,
    refetchInterval: (q) => (q.state.data?.running || syncing ? 1000 : 15_000),
  });
  const s = status.data;
  const pushBacklog = s?.streams.filter((x) => x.direction === 'push').reduce((a, x) => a + x.backlog, 0) ?? 0;

  const syncNow = async () => {
    setSyncing(true);
    try {
      const r = (await storeApi.POST('/api/sync', { body: { push: true, pull: true } })).data as unknown as SyncReport;
      setReport(r);
      if (r.ok) void message.success(t('sync.done'));
    } catch (e) {
      void message.error(e instanceof ApiError ? `${explainTransferError(t, e.code, e.body.details)} (${e.code})` : String(e));
    } finally {
      setSyncing(false);
      void status.refetch();
    }
  };

  const shown = report ?? s?.lastRun ?? null;
  return (
    <PageContainer
      title={t('menu.sync')}
      extra={
        can('sync.run') && (
          <Button type="primary" icon={<SyncOutlined spin={syncing || s?.running} />} loading={syncing} onClick={() => void syncNow()} data-testid="sync-now">
            {t('sync.now')}
          </Button>
        )
      }
    >
      {s?.hqLockedUntil && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={explainTransferError(t, 'TRANSFER_LOCKED', { lockedUntil: s.hqLockedUntil })} />}
      {s?.restore?.state === 'pending' && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={explainTransferError(t, 'STORE_RESTORE_UNRECONCILED')} />}
      <Card loading={status.isPending} style={{ marginBottom: 16 }}>
        <Descriptions
          column={3}
          size="small"
          items={[
            { label: t('setup.storeCode'), children: s?.storeCode ?? '—' },
            { label: t('setup.warehouseCode'), children: s?.warehouseCode ?? '—' },
            { label: t('setup.hqUrl'), children: s?.hqUrl ?? '—' },
            {
              label: t('sync.lastRun'),
              children: s?.lastRun ? (
                <Space>
                  {fmt(s.lastRun.at)}
                  <Tag color={s.lastRun.ok ? 'green' : 'red'}>{s.lastRun.ok ? t('sync.ok') : t('sync.failed')}</Tag>
                </Space>
              ) : (
                t('sync.notSinceStart')
              ),
            },
            { label: t('sync.lastSuccess'), children: fmt(s?.streams.find((x) => x.stream === 'pull')?.lastSuccessAt) },
            { label: t('sync.pushBacklog'), children: <span data-testid="push-backlog">{pushBacklog}</span> },
          ]}
        />
        {(syncing || s?.running) && s?.progress && (
          <Typography.Text type="secondary">
            {t(`setup.phase.${s.progress.phase}`)} · {t('setup.counts', { pages: s.progress.pages, rows: s.progress.rows })}
          </Typography.Text>
        )}
      </Card>
      {shown && (
        <Card size="small" title={t('sync.result')} style={{ marginBottom: 16 }} data-testid="sync-result">
          <Typography.Paragraph>
            {t('sync.resultLine', {
              pushed: Object.values(shown.pushed).reduce((a, p) => a + p.stored + p.duplicate, 0),
              rows: shown.pulled.rows + shown.pulled.removed + (shown.snapshot?.rows ?? 0),
            })}
          </Typography.Paragraph>
          {shown.errors.map((e, i) => (
            <Alert
              key={i}
              type="error"
              showIcon
              style={{ marginBottom: 8 }}
              message={`${t(`sync.stream.${e.stream}`, { defaultValue: e.stream })}: ${explainTransferError(t, e.code, e.details)}`}
              description={
                <>
                  <div>
                    {e.code}: {e.message}
                  </div>
                  {e.recordId && <div>{t('sync.recordTodo', { id: e.recordId })}</div>}
                </>
              }
            />
          ))}
        </Card>
      )}
      <Card title={t('sync.streams')}>
        <Table<StreamStatus>
          rowKey="stream"
          size="small"
          pagination={false}
          loading={status.isFetching && !s}
          dataSource={s?.streams ?? []}
          columns={[
            { title: t('sync.streamName'), dataIndex: 'stream', render: (v: string) => t(`sync.stream.${v}`, { defaultValue: v }) },
            { title: t('sync.direction'), dataIndex: 'direction', render: (v: string) => <Tag color={v === 'push' ? 'blue' : 'purple'}>{t(`sync.${v}`)}</Tag> },
            {
              title: t('sync.backlog'),
              dataIndex: 'backlog',
              render: (v: number, r) => (v < 0 ? <Typography.Text type="secondary">{t('sync.backlogAtHq', { rows: r.rowsApplied })}</Typography.Text> : v),
            },
            { title: t('sync.lastSuccess'), dataIndex: 'lastSuccessAt', render: (v: string | null) => fmt(v) },
            { title: t('sync.lastContact'), dataIndex: 'lastContactAt', render: (v: string | null) => fmt(v) },
            {
              title: t('sync.problem'),
              key: 'problem',
              render: (_, r) => (
                <Space direction="vertical" size={2}>
                  {r.lastError && <Typography.Text type="danger">{r.lastError}</Typography.Text>}
                  {r.blockedRecordId && <Typography.Text>{t('sync.blockedTodo', { id: r.blockedRecordId })}</Typography.Text>}
                  {!!r.conflicts && <Typography.Text type="warning">{t('sync.conflictTodo', { n: r.conflicts })}</Typography.Text>}
                  {r.lockedUntil && <Typography.Text type="danger">{explainTransferError(t, 'TRANSFER_LOCKED', { lockedUntil: r.lockedUntil })}</Typography.Text>}
                  {!r.lastError && !r.blockedRecordId && !r.conflicts && !r.lockedUntil && <Tag color="green">{t('sync.ok')}</Tag>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
