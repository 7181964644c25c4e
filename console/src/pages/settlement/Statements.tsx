import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDatePicker, ProFormDateRangePicker, ProFormSelect, ProFormTextArea, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Form, Modal, Space, Table, Tabs } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ApiError, download, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { AuditTrail, errorText, money, PrintButton, PrintSheet, ReasonAction, StatusTag, statusEnum, useRunAction, type AuditRow } from '../../lib/documents';
import { today } from '../../lib/refs';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { PARTY_TYPES, searchParties, type PartyType } from './shared';

type Statement = HqSchemas['StatementGetResponse'];
type Preview = Omit<HqSchemas['StatementPreviewResponse'], 'lines'> & { lines: StatementLine[] };
interface StatementLine {
  docTypeZh: string;
  docNo: string;
  docDate: string;
  entryDate: string;
  dueDate: string | null;
  description: string | null;
  debit: string;
  credit: string;
  balance: string;
}
interface StatementRow extends Record<string, unknown> {
  id: string;
  number: string;
  partyType: PartyType;
  partyCode: string;
  partyName: string;
  periodFrom: string;
  periodTo: string;
  openingBalance: string;
  debitTotal: string;
  creditTotal: string;
  closingBalance: string;
  status: string;
}
const STATUSES = ['draft', 'sent', 'confirmed', 'disputed', 'cancelled'];

/**
 * 结算管理 → 对账单: a live preview of any period (opening balance, every item, running balance,
 * closing balance; Excel and print) and statement documents — made up to a day, sent, confirmed or
 * disputed by the party, cancelled — with their print view, Excel and audit trail.
 */
export default function Statements() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const actionRef = useRef<ActionType>();
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const presetParty = params.get('partyId') ?? undefined;
  const presetType = (params.get('partyType') as PartyType | null) ?? undefined;
  const [creating, setCreating] = useState(false);
  const [previewing, setPreviewing] = useState(!!presetParty);
  const writable = can('settlement.statement.write') && me?.orgUnit.kind === 'hq';
  const partyTypes = Object.fromEntries(PARTY_TYPES.map((p) => [p, { text: t(`settlement.party.${p}`) }]));

  const columns: ProColumns<StatementRow>[] = [
    { title: t('settlement.number'), dataIndex: 'number', sorter: true, search: false, render: (_, r) => <a onClick={() => setParams({ id: r.id })}>{r.number}</a> },
    { title: t('settlement.partyType'), dataIndex: 'partyType', valueType: 'select', valueEnum: partyTypes },
    {
      title: t('settlement.partyName'),
      dataIndex: 'partyId',
      valueType: 'select',
      dependencies: ['partyType'],
      request: async ({ partyType, keyWords }: { partyType?: PartyType; keyWords?: string }) => searchParties(partyType ?? 'customer', keyWords),
      fieldProps: { showSearch: true },
      debounceTime: 300,
      render: (_, r) => `${r.partyCode} ${r.partyName}`,
    },
    { title: t('settlement.periodFrom'), dataIndex: 'periodFrom', sorter: true, search: false },
    { title: t('settlement.periodTo'), dataIndex: 'periodTo', sorter: true, search: false },
    { title: t('common.status'), dataIndex: 'status', valueType: 'select', valueEnum: statusEnum(t, STATUSES), render: (_, r) => <StatusTag status={r.status} /> },
    { title: t('settlement.openingBalance'), dataIndex: 'openingBalance', search: false, align: 'right', renderText: money },
    { title: t('settlement.debitTotal'), dataIndex: 'debitTotal', search: false, align: 'right', renderText: money },
    { title: t('settlement.creditTotal'), dataIndex: 'creditTotal', search: false, align: 'right', renderText: money },
    { title: t('settlement.closingBalance'), dataIndex: 'closingBalance', sorter: true, search: false, align: 'right', renderText: money },
  ];

  return (
    <PageContainer title={t('menu.statements')}>
      <ServerTable<StatementRow>
        id="settlement-statements"
        headerTitle={t('menu.statements')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<StatementRow>>(await api.GET('/api/settlement/statements', { params: { query: q as never } }))}
        exportFile={{ path: '/api/settlement/statements?format=xlsx', fileName: '对账单.xlsx' }}
        toolBar={[
          <Button key="preview" icon={<EyeOutlined />} onClick={() => setPreviewing(true)} data-testid="statement-preview">
            {t('settlement.preview')}
          </Button>,
          ...(writable
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="statement-create">
                  {t('settlement.newStatement')}
                </Button>,
              ]
            : []),
        ]}
      />
      {previewing && <PreviewModal partyType={presetType} partyId={presetParty} onClose={() => (setPreviewing(false), presetParty && setParams({}))} />}
      {creating && (
        <CreateStatement
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            void actionRef.current?.reload();
            setParams({ id });
          }}
        />
      )}
      {openId && <StatementDrawer id={openId} onClose={() => setParams({})} onChanged={() => void actionRef.current?.reload()} />}
    </PageContainer>
  );
}

/** The party select of a kind chosen in the same form (`partyType`). */
function PartyFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const partyType = Form.useWatch('partyType', form) as PartyType | undefined;
  return (
    <Space wrap align="start">
      <ProFormSelect
        name="partyType"
        label={t('settlement.partyType')}
        width="sm"
        rules={[{ required: true }]}
        options={PARTY_TYPES.map((p) => ({ value: p, label: t(`settlement.party.${p}`) }))}
        fieldProps={{ onChange: () => form.setFieldValue('partyId', undefined) }}
      />
      <ProFormSelect
        name="partyId"
        label={t('settlement.partyName')}
        width="md"
        rules={[{ required: true }]}
        showSearch
        params={{ partyType }}
        request={({ keyWords }) => searchParties(partyType ?? 'customer', keyWords)}
        debounceTime={300}
      />
    </Space>
  );
}

/** The statement's figures and lines, as a table (preview and documents alike). */
function StatementLines(props: { lines: StatementLine[]; openingBalance: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey={(l) => `${l.docNo}-${l.entryDate}-${l.balance}`}
      pagination={false}
      dataSource={props.lines}
      data-testid={props.testId}
      scroll={{ x: 'max-content' }}
      title={() => `${t('settlement.openingBalance')}: ${money(props.openingBalance)}`}
      columns={[
        { title: t('settlement.entryDate'), dataIndex: 'entryDate' },
        { title: t('settlement.docType'), dataIndex: 'docTypeZh' },
        { title: t('settlement.docNo'), dataIndex: 'docNo' },
        { title: t('settlement.docDate'), dataIndex: 'docDate' },
        { title: t('settlement.dueDate'), dataIndex: 'dueDate' },
        { title: t('settlement.debit'), dataIndex: 'debit', align: 'right', render: (v: string) => (Number(v) ? money(v) : '') },
        { title: t('settlement.credit'), dataIndex: 'credit', align: 'right', render: (v: string) => (Number(v) ? money(v) : '') },
        { title: t('settlement.balance'), dataIndex: 'balance', align: 'right', render: money },
        { title: t('settlement.description'), dataIndex: 'description' },
      ]}
    />
  );
}

function Totals(props: { s: { openingBalance: string; debitTotal: string; creditTotal: string; closingBalance: string } }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={4} style={{ margin: '12px 0' }} data-testid="statement-totals">
      <Descriptions.Item label={t('settlement.openingBalance')}>
        <span data-testid="st-opening">{money(props.s.openingBalance)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('settlement.debitTotal')}>
        <span data-testid="st-debit">{money(props.s.debitTotal)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('settlement.creditTotal')}>
        <span data-testid="st-credit">{money(props.s.creditTotal)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('settlement.closingBalance')}>
        <span data-testid="st-closing">{money(props.s.closingBalance)}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}

function PreviewModal(props: { partyType?: PartyType; partyId?: string; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ partyType: PartyType; partyId: string; period: [string, string] }>();
  const [query, setQuery] = useState<{ partyType: PartyType; partyId: string; from: string; to: string } | undefined>();
  const [printing, setPrinting] = useState(false);
  const monthStart = today().slice(0, 8) + '01';
  const preview = useQuery({
    queryKey: ['statement-preview', query],
    enabled: !!query,
    retry: false,
    queryFn: async () => ok<Preview>(await api.GET('/api/settlement/statements/preview', { params: { query: query! } })),
  });
  const p = preview.data;
  return (
    <Modal open width={1100} title={t('settlement.preview')} onCancel={props.onClose} footer={null} data-testid="preview-modal">
      <Form
        form={form}
        layout="inline"
        initialValues={{ partyType: props.partyType ?? 'customer', partyId: props.partyId, period: [monthStart, today()] }}
        onFinish={(v) => setQuery({ partyType: v.partyType, partyId: v.partyId, from: v.period[0], to: v.period[1] })}
      >
        <PartyFields />
        <ProFormDateRangePicker name="period" label={t('settlement.period')} rules={[{ required: true }]} fieldProps={{ format: 'YYYY-MM-DD' }} />
        <Button type="primary" htmlType="submit" data-testid="preview-run">
          {t('settlement.preview')}
        </Button>
      </Form>
      <div style={{ color: '#888', margin: '8px 0' }}>{t('settlement.previewHint')}</div>
      {preview.isError && <Alert type="error" message={errorText(preview.error)} />}
      {p && query && (
        <>
          <Space className="no-print">
            <Button onClick={() => setPrinting(true)}>{t('doc.printView')}</Button>
            <Button
              onClick={() =>
                download('/api/settlement/statements/preview', { ...query, format: 'xlsx' }, `对账单-${p.party.code}.xlsx`).catch((e) => void message.error(errorText(e)))
              }
            >
              {t('common.export')}
            </Button>
          </Space>
          <Totals s={p} />
          <StatementLines lines={p.lines} openingBalance={p.openingBalance} testId="preview-lines" />
          <Modal open={printing} onCancel={() => setPrinting(false)} width={950} footer={<PrintButton />} title={t('doc.printView')}>
            <StatementSheet
              title={t('settlement.statementSheet')}
              party={`${p.party.code} ${p.party.name}`}
              partyType={p.partyType}
              from={p.from}
              to={p.to}
              s={p}
              lines={p.lines}
            />
          </Modal>
        </>
      )}
    </Modal>
  );
}

function StatementSheet(props: {
  title: string;
  party: string;
  partyType: PartyType;
  from: string;
  to: string;
  s: { openingBalance: string; debitTotal: string; creditTotal: string; closingBalance: string };
  lines: StatementLine[];
}) {
  const { t } = useTranslation();
  return (
    <PrintSheet
      title={props.title}
      head={[
        [t(`settlement.party.${props.partyType}`), props.party],
        [t('settlement.period'), `${props.from} ~ ${props.to}`],
        [t('settlement.openingBalance'), money(props.s.openingBalance)],
        [t('settlement.debitTotal'), money(props.s.debitTotal)],
        [t('settlement.creditTotal'), money(props.s.creditTotal)],
        [t('settlement.closingBalance'), money(props.s.closingBalance)],
      ]}
      lines={props.lines}
      columns={[
        { title: t('settlement.entryDate'), value: (l) => l.entryDate },
        { title: t('settlement.docType'), value: (l) => l.docTypeZh },
        { title: t('settlement.docNo'), value: (l) => l.docNo },
        { title: t('settlement.dueDate'), value: (l) => l.dueDate ?? '' },
        { title: t('settlement.debit'), value: (l) => (Number(l.debit) ? money(l.debit) : ''), num: true },
        { title: t('settlement.credit'), value: (l) => (Number(l.credit) ? money(l.credit) : ''), num: true },
        { title: t('settlement.balance'), value: (l) => money(l.balance), num: true },
      ]}
      signatures={[t('settlement.signUs'), t('settlement.signParty')]}
    />
  );
}

function CreateStatement(props: { onClose(): void; onSaved(id: string): void }) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<ApiError | null>(null);
  return (
    <ModalForm<HqSchemas['CreateStatementDto']>
      open
      title={t('settlement.newStatement')}
      width={720}
      name="statement"
      modalProps={{ destroyOnClose: true, onCancel: props.onClose }}
      initialValues={{ partyType: 'customer', to: today() }}
      onFinish={async (v) => {
        setFailure(null);
        try {
          props.onSaved(ok<Statement>(await api.POST('/api/settlement/statements', { body: { ...v, remark: v.remark?.trim() || undefined } })).id);
          return true;
        } catch (e) {
          setFailure(e instanceof ApiError ? e : new ApiError(0, { statusCode: 0, code: 'NETWORK', message: String(e) }));
          return false;
        }
      }}
    >
      {failure && <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="form-error" message={failure.code} description={failure.message} />}
      <PartyFields />
      <ProFormDatePicker name="to" label={t('settlement.periodTo')} rules={[{ required: true }]} fieldProps={{ format: 'YYYY-MM-DD' }} />
      <ProFormTextArea name="remark" label={t('settlement.remark')} fieldProps={{ rows: 1, maxLength: 500 }} />
    </ModalForm>
  );
}

function StatementDrawer(props: { id: string; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const run = useRunAction();
  const [printing, setPrinting] = useState(false);
  const q = useQuery({
    queryKey: ['statement', props.id],
    queryFn: async () => ok<Statement>(await api.GET('/api/settlement/statements/{id}', { params: { path: { id: props.id } } })),
  });
  const s = q.data;
  const path = { params: { path: { id: props.id } } };
  const hq = me?.orgUnit.kind === 'hq';
  const write = can('settlement.statement.write') && hq;
  // a store answers its own statement (settlement.store.confirm); HQ records a customer's or supplier's answer
  const answer = write || (can('settlement.store.confirm') && s?.partyType === 'store');
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['statement', props.id] });
    void qc.invalidateQueries({ queryKey: ['audit', 'statement', props.id] });
    props.onChanged();
  };
  const lines = (s?.lines ?? []) as StatementLine[];

  return (
    <Drawer
      open
      width={1100}
      title={s ? `${t('menu.statements')} ${s.number}` : ''}
      onClose={props.onClose}
      extra={s && <StatusTag status={s.status} />}
      data-testid="statement-drawer"
    >
      {q.isError && <Alert type="error" message={errorText(q.error)} />}
      {s && (
        <>
          <Space wrap className="no-print">
            {s.status === 'draft' && write && (
              <Button type="primary" data-testid="statement-send" onClick={() => run(async () => ok(await api.POST('/api/settlement/statements/{id}/send', path)), refresh)}>
                {t('settlement.send')}
              </Button>
            )}
            {s.status === 'disputed' && write && (
              <Button onClick={() => run(async () => ok(await api.POST('/api/settlement/statements/{id}/send', path)), refresh)}>{t('settlement.send')}</Button>
            )}
            {s.status === 'sent' && answer && (
              <ReasonAction
                label={t('settlement.confirm')}
                required={false}
                testId="statement-confirm"
                onSubmit={(note) => run(async () => ok(await api.POST('/api/settlement/statements/{id}/confirm', { ...path, body: note ? { note } : {} })), refresh)}
              />
            )}
            {s.status === 'sent' && answer && (
              <ReasonAction
                label={t('settlement.dispute')}
                danger
                onSubmit={(reason) => run(async () => ok(await api.POST('/api/settlement/statements/{id}/dispute', { ...path, body: { reason } })), refresh)}
              />
            )}
            {['draft', 'sent', 'disputed'].includes(s.status) && write && (
              <ReasonAction
                label={t('settlement.cancel')}
                danger
                onSubmit={(reason) => run(async () => ok(await api.POST('/api/settlement/statements/{id}/cancel', { ...path, body: { reason } })), refresh)}
              />
            )}
            <Button onClick={() => setPrinting(true)} data-testid="statement-print-view">
              {t('doc.printView')}
            </Button>
            <Button
              onClick={() => download(`/api/settlement/statements/${s.id}/document`, { format: 'xlsx' }, `对账单-${s.number}.xlsx`).catch((e) => void message.error(errorText(e)))}
            >
              {t('common.export')}
            </Button>
          </Space>
          <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t(`settlement.party.${s.partyType}`)}>
              {s.party.code} {s.party.name}
            </Descriptions.Item>
            <Descriptions.Item label={t('settlement.period')}>
              {s.periodFrom} ~ {s.periodTo}
            </Descriptions.Item>
            {s.confirmNote && <Descriptions.Item label={t('settlement.confirmNote')}>{s.confirmNote}</Descriptions.Item>}
            {s.disputeReason && <Descriptions.Item label={t('settlement.disputeReason')}>{s.disputeReason}</Descriptions.Item>}
            {s.cancelReason && <Descriptions.Item label={t('doc.reason')}>{s.cancelReason}</Descriptions.Item>}
            {s.remark && <Descriptions.Item label={t('settlement.remark')}>{s.remark}</Descriptions.Item>}
          </Descriptions>
          <Totals s={s} />
          <Tabs
            items={[
              { key: 'lines', label: t('doc.lines'), children: <StatementLines lines={lines} openingBalance={s.openingBalance} testId="statement-lines" /> },
              {
                key: 'audit',
                label: t('doc.audit'),
                children: <AuditTrail queryKey={['statement', s.id]} load={async () => ok<AuditRow[]>(await api.GET('/api/settlement/statements/{id}/audit', path))} />,
              },
            ]}
          />
          <Modal open={printing} onCancel={() => setPrinting(false)} width={950} footer={<PrintButton />} title={t('doc.printView')}>
            <StatementSheet
              title={`${t('settlement.statementSheet')} ${s.number}`}
              party={`${s.party.code} ${s.party.name}`}
              partyType={s.partyType}
              from={s.periodFrom}
              to={s.periodTo}
              s={s}
              lines={lines}
            />
          </Modal>
        </>
      )}
    </Drawer>
  );
}
