import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../lib/api';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';

interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}
interface AuditRow extends Record<string, unknown> {
  id: string;
  at: string;
  username: string | null;
  entityType: string;
  entityId: string;
  action: string;
  reason: string | null;
  changes: FieldChange[];
}
interface LogRow extends Record<string, unknown> {
  id: string;
  at: string;
  username: string | null;
  method: string;
  path: string;
  statusCode: number;
  errorCode: string | null;
  durationMs: number;
  ip: string | null;
}

const show = (v: unknown) => (v === null || v === undefined ? '∅' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Drops the date-range helper field and sends the period as `from`/`to` ISO times. */
function period(q: ListQuery): ListQuery {
  const { at, ...rest } = q as ListQuery & { at?: [string, string] };
  return at ? { ...rest, from: new Date(at[0]).toISOString(), to: new Date(at[1]).toISOString() } : rest;
}

/** 系统设置 → 操作日志: the audit trail (field-level before/after) and the log of every mutating request. */
export default function Audit() {
  const { t } = useTranslation();
  const auditColumns: ProColumns<AuditRow>[] = [
    { title: t('audit.at'), dataIndex: 'at', valueType: 'dateTime', sorter: true, search: false },
    { title: t('audit.period'), dataIndex: 'at', valueType: 'dateTimeRange', hideInTable: true },
    { title: t('audit.user'), dataIndex: 'username', search: false },
    { title: t('audit.entityType'), dataIndex: 'entityType' },
    { title: t('audit.entityId'), dataIndex: 'entityId', copyable: true, ellipsis: true },
    { title: t('audit.action'), dataIndex: 'action', render: (_, r) => <Tag>{r.action}</Tag> },
    { title: t('audit.reason'), dataIndex: 'reason', search: false, ellipsis: true },
    { title: t('audit.changes'), dataIndex: 'changes', search: false, renderText: (v: FieldChange[]) => (v?.length ? t('audit.fields', { n: v.length }) : '-') },
  ];
  const logColumns: ProColumns<LogRow>[] = [
    { title: t('audit.at'), dataIndex: 'at', valueType: 'dateTime', sorter: true, search: false },
    { title: t('audit.period'), dataIndex: 'at', valueType: 'dateTimeRange', hideInTable: true },
    { title: t('audit.user'), dataIndex: 'username', search: false },
    { title: t('audit.method'), dataIndex: 'method', valueType: 'select', valueEnum: { POST: { text: 'POST' }, PUT: { text: 'PUT' }, PATCH: { text: 'PATCH' }, DELETE: { text: 'DELETE' } } },
    { title: t('audit.path'), dataIndex: 'path', ellipsis: true },
    { title: t('audit.outcome'), dataIndex: 'outcome', hideInTable: true, valueType: 'select', valueEnum: { success: { text: t('audit.success') }, failure: { text: t('audit.failure') } } },
    { title: t('audit.status'), dataIndex: 'statusCode', search: false, render: (_, r) => <Tag color={r.statusCode < 400 ? 'green' : 'red'}>{r.statusCode}</Tag> },
    { title: t('audit.errorCode'), dataIndex: 'errorCode', search: false },
    { title: t('audit.duration'), dataIndex: 'durationMs', search: false, align: 'right' },
    { title: 'IP', dataIndex: 'ip', search: false },
  ];
  return (
    <PageContainer title={t('menu.audit')}>
      <Tabs
        items={[
          {
            key: 'audit',
            label: t('audit.trail'),
            children: (
              <ServerTable<AuditRow>
                id="audit"
                headerTitle={t('audit.trail')}
                columns={auditColumns}
                fetchPage={async (q) => ok<Page<AuditRow>>(await api.GET('/api/audit', { params: { query: period(q) } }))}
                expandable={{
                  rowExpandable: (r) => r.changes?.length > 0,
                  expandedRowRender: (r) => (
                    <Table<FieldChange>
                      size="small"
                      rowKey="field"
                      pagination={false}
                      dataSource={r.changes}
                      columns={[
                        { title: t('audit.field'), dataIndex: 'field' },
                        { title: t('audit.before'), dataIndex: 'before', render: (v) => <Typography.Text delete>{show(v)}</Typography.Text> },
                        { title: t('audit.after'), dataIndex: 'after', render: (v) => show(v) },
                      ]}
                    />
                  ),
                }}
              />
            ),
          },
          {
            key: 'log',
            label: t('audit.log'),
            children: <ServerTable<LogRow> id="operation-log" headerTitle={t('audit.log')} columns={logColumns} fetchPage={async (q) => ok<Page<LogRow>>(await api.GET('/api/operation-log', { params: { query: period(q) } }))} />,
          },
        ]}
      />
    </PageContainer>
  );
}
