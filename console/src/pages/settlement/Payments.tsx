import { PlusOutlined } from '@ant-design/icons';
import {
  ModalForm,
  PageContainer,
  ProFormDatePicker,
  ProFormDependency,
  ProFormRadio,
  ProFormSelect,
  ProFormText,
  ProFormTextArea,
  type ActionType,
  type ProColumns,
} from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Input, Space, Table, Tabs } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { AuditTrail, errorText, money, ReasonAction, StatusTag, statusEnum, useRunAction, type AuditRow } from '../../lib/documents';
import { today } from '../../lib/refs';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { searchParties, type ItemRow, type PartyType } from './shared';

/**
 * 收款单 (customers), 付款单 (suppliers: a draft, posted by an approver) and 门店缴款单 (stores): one
 * screen, three kinds (docs/settlement.md §2). Money received or paid is allocated to the party's
 * open items — oldest due first, to chosen items, or not at all (an advance, allocated later).
 */
export type PaymentKind = 'customer-receipts' | 'supplier-payments' | 'store-payments';
type Payment = Omit<HqSchemas['PaymentGetResponse'], 'allocations'> & { allocations: Allocation[]; reversedBy: { id: string; number: string } | null };
interface Allocation {
  id: string;
  amount: string;
  allocatedOn: string;
  itemId: string;
  docType: string;
  docNo: string;
  dueDate: string | null;
  reversesId: string | null;
}
interface PaymentRow extends Record<string, unknown> {
  id: string;
  number: string;
  paidOn: string;
  partyCode: string;
  partyName: string;
  method: string;
  reference: string | null;
  status: string;
  amount: string;
  allocatedAmount: string;
  unallocatedAmount: string;
  reversesId: string | null;
  reversesNumber: string | null;
}
type PaymentValues = HqSchemas['CreatePaymentDto'] & { allocMode: 'auto' | 'manual' | 'none' };

const KINDS: Record<PaymentKind, { partyType: PartyType; title: string; create: string; write: string; approve: string; fileName: string; screen: string }> = {
  'customer-receipts': {
    partyType: 'customer',
    title: 'menu.customerReceipts',
    create: 'settlement.newReceipt',
    write: 'settlement.receipt.write',
    approve: 'settlement.receipt.write',
    fileName: '收款单.xlsx',
    screen: '/settlement/receipts',
  },
  'supplier-payments': {
    partyType: 'supplier',
    title: 'menu.supplierPayments',
    create: 'settlement.newPayment',
    write: 'settlement.payment.write',
    approve: 'settlement.payment.approve',
    fileName: '付款单.xlsx',
    screen: '/settlement/payments',
  },
  'store-payments': {
    partyType: 'store',
    title: 'menu.storePayments',
    create: 'settlement.newStorePayment',
    write: 'settlement.receipt.write',
    approve: 'settlement.receipt.write',
    fileName: '门店缴款单.xlsx',
    screen: '/settlement/store-payments',
  },
};
const METHODS = ['cash', 'bank', 'cheque', 'bill', 'offset', 'other'] as const;

// The three kinds share their routes' shapes (the same DTOs and answers); the client is typed with the first.
const base = (kind: PaymentKind) => `/api/settlement/${kind}` as '/api/settlement/customer-receipts';
const byId = <S extends string>(kind: PaymentKind, suffix: S) => `/api/settlement/${kind}/{id}${suffix}` as `/api/settlement/customer-receipts/{id}${S}`;

export function PaymentScreen({ kind }: { kind: PaymentKind }) {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const k = KINDS[kind];
  const actionRef = useRef<ActionType>();
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const [creating, setCreating] = useState(false);
  const writable = can(k.write) && me?.orgUnit.kind === 'hq';
  const methodEnum = Object.fromEntries(METHODS.map((m) => [m, { text: t(`settlement.methods.${m}`) }]));

  const columns: ProColumns<PaymentRow>[] = [
    { title: t('common.search'), dataIndex: 'search', hideInTable: true, fieldProps: { placeholder: t('settlement.numberHint') } },
    { title: t('settlement.number'), dataIndex: 'number', sorter: true, search: false, render: (_, r) => <a onClick={() => setParams({ id: r.id })}>{r.number}</a> },
    {
      title: t(`settlement.party.${k.partyType}`),
      dataIndex: 'partyId',
      valueType: 'select',
      request: ({ keyWords }) => searchParties(k.partyType, keyWords),
      fieldProps: { showSearch: true },
      debounceTime: 300,
      render: (_, r) => `${r.partyCode} ${r.partyName}`,
    },
    { title: t('settlement.paidOn'), dataIndex: 'paidOn', sorter: true, search: false },
    { title: t('settlement.period'), dataIndex: 'period', valueType: 'dateRange', hideInTable: true, search: { transform: (v: [string, string]) => ({ from: v[0], to: v[1] }) } },
    { title: t('settlement.method'), dataIndex: 'method', search: false, valueEnum: methodEnum },
    { title: t('settlement.reference'), dataIndex: 'reference', search: false },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: statusEnum(t, ['draft', 'posted', 'cancelled']),
      render: (_, r) => <StatusTag status={r.status} />,
    },
    { title: t('settlement.amount'), dataIndex: 'amount', sorter: true, search: false, align: 'right', renderText: money },
    { title: t('settlement.allocated'), dataIndex: 'allocatedAmount', search: false, align: 'right', renderText: money },
    { title: t('settlement.unallocated'), dataIndex: 'unallocatedAmount', search: false, align: 'right', renderText: money },
    { title: t('settlement.reverses'), dataIndex: 'reversesNumber', search: false },
  ];

  return (
    <PageContainer title={t(k.title)}>
      <ServerTable<PaymentRow>
        id={`settlement-${kind}`}
        headerTitle={t(k.title)}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<PaymentRow>>(await api.GET(base(kind), { params: { query: q as never } }))}
        exportFile={{ path: `${base(kind)}?format=xlsx`, fileName: k.fileName }}
        toolBar={
          writable
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="payment-create">
                  {t(k.create)}
                </Button>,
              ]
            : []
        }
      />
      {creating && (
        <PaymentForm
          kind={kind}
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            void actionRef.current?.reload();
            setParams({ id });
          }}
        />
      )}
      {openId && <PaymentDrawer kind={kind} id={openId} onClose={() => setParams({})} onChanged={() => void actionRef.current?.reload()} />}
    </PageContainer>
  );
}

/** Amounts typed per open item (manual allocation); blank ones are left out. */
function AllocationInputs(props: { partyType: PartyType; partyId?: string; value: Record<string, string>; onChange(v: Record<string, string>): void }) {
  const { t } = useTranslation();
  const items = useQuery({
    queryKey: ['settlement-open-items', props.partyType, props.partyId],
    enabled: !!props.partyId,
    queryFn: async () =>
      ok<Page<ItemRow>>(
        await api.GET('/api/settlement/items', {
          params: { query: { partyType: props.partyType, partyId: props.partyId, open: 'true', sort: ['dueDate', 'docNo'], pageSize: 200 } },
        }),
      ).items.filter((i) => Number(i.open) > 0),
  });
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      loading={items.isLoading}
      dataSource={items.data ?? []}
      data-testid="allocation-items"
      columns={[
        { title: t('settlement.docType'), dataIndex: 'docTypeZh' },
        { title: t('settlement.docNo'), dataIndex: 'docNo' },
        { title: t('settlement.dueDate'), dataIndex: 'dueDate' },
        { title: t('settlement.open'), dataIndex: 'open', align: 'right', render: money },
        {
          title: t('settlement.allocateNow'),
          key: 'amount',
          render: (_, r) => (
            <Input
              style={{ width: 120 }}
              value={props.value[r.id] ?? ''}
              onChange={(e) => props.onChange({ ...props.value, [r.id]: e.target.value })}
              data-testid={`alloc-${r.docNo}`}
            />
          ),
        },
      ]}
    />
  );
}

function PaymentForm(props: { kind: PaymentKind; onClose(): void; onSaved(id: string): void }) {
  const { t } = useTranslation();
  const k = KINDS[props.kind];
  const [manual, setManual] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [key] = useState(() => crypto.randomUUID());
  return (
    <ModalForm<PaymentValues>
      open
      title={t(k.create)}
      width={900}
      name="payment"
      modalProps={{ destroyOnClose: true, onCancel: props.onClose, maskClosable: false }}
      initialValues={{ method: 'bank', allocMode: 'auto', paidOn: today() }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') } }}
      onFinish={async (v) => {
        setFailure(null);
        const { allocMode, ...rest } = v;
        const allocations = Object.entries(manual)
          .filter(([, a]) => a.trim())
          .map(([itemId, amount]) => ({ itemId, amount: amount.trim() }));
        const body: HqSchemas['CreatePaymentDto'] = {
          ...rest,
          amount: rest.amount.trim(),
          reference: rest.reference?.trim() || undefined,
          remark: rest.remark?.trim() || undefined,
          idempotencyKey: key,
          ...(allocMode === 'auto' ? { autoAllocate: true } : allocMode === 'manual' ? { allocations } : {}),
        };
        try {
          props.onSaved(ok<Payment>(await api.POST(base(props.kind), { body })).id);
          return true;
        } catch (e) {
          setFailure(e instanceof ApiError ? e : new ApiError(0, { statusCode: 0, code: 'NETWORK', message: String(e) }));
          return false;
        }
      }}
    >
      {failure && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="form-error"
          message={failure.code}
          description={[failure.message, ...failure.fields.map((f) => `${f.field}: ${f.message}`)].join(' · ')}
        />
      )}
      <Space size="middle" wrap align="start">
        <ProFormSelect
          name="partyId"
          label={t(`settlement.party.${k.partyType}`)}
          width="md"
          rules={[{ required: true }]}
          showSearch
          request={({ keyWords }) => searchParties(k.partyType, keyWords)}
          debounceTime={300}
        />
        <ProFormText name="amount" label={t('settlement.amount')} width="sm" rules={[{ required: true, whitespace: true }]} />
        <ProFormSelect
          name="method"
          label={t('settlement.method')}
          width="sm"
          rules={[{ required: true }]}
          options={METHODS.map((m) => ({ value: m, label: t(`settlement.methods.${m}`) }))}
        />
        <ProFormDatePicker name="paidOn" label={t('settlement.paidOn')} fieldProps={{ format: 'YYYY-MM-DD' }} />
        <ProFormText name="reference" label={t('settlement.reference')} width="sm" />
      </Space>
      <ProFormRadio.Group
        name="allocMode"
        label={t('settlement.allocation')}
        radioType="button"
        options={[
          { value: 'auto', label: t('settlement.allocAuto') },
          { value: 'manual', label: t('settlement.allocManual') },
          { value: 'none', label: t('settlement.allocNone') },
        ]}
      />
      <ProFormDependency name={['allocMode', 'partyId']}>
        {({ allocMode, partyId }) =>
          allocMode === 'manual' ? <AllocationInputs partyType={k.partyType} partyId={partyId as string | undefined} value={manual} onChange={setManual} /> : null
        }
      </ProFormDependency>
      <ProFormTextArea name="remark" label={t('settlement.remark')} fieldProps={{ rows: 1, maxLength: 500 }} />
    </ModalForm>
  );
}

function PaymentDrawer(props: { kind: PaymentKind; id: string; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const run = useRunAction();
  const k = KINDS[props.kind];
  const q = useQuery({
    queryKey: ['payment', props.kind, props.id],
    queryFn: async () => ok<Payment>(await api.GET(byId(props.kind, ''), { params: { path: { id: props.id } } })),
  });
  const p = q.data;
  const hq = me?.orgUnit.kind === 'hq';
  const path = { params: { path: { id: props.id } } };
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['payment', props.kind, props.id] });
    void qc.invalidateQueries({ queryKey: ['audit', 'payment', props.id] });
    void qc.invalidateQueries({ queryKey: ['settlement-open-items'] });
    props.onChanged();
  };

  return (
    <Drawer open width={950} title={p ? `${t(k.title)} ${p.number}` : ''} onClose={props.onClose} extra={p && <StatusTag status={p.status} />} data-testid="payment-drawer">
      {q.isError && <Alert type="error" message={errorText(q.error)} />}
      {p && (
        <>
          <Space wrap>
            {p.status === 'draft' && can(k.approve) && hq && (
              <Button type="primary" data-testid="payment-post" onClick={() => run(async () => ok(await api.POST(byId(props.kind, '/post'), { ...path, body: {} })), refresh)}>
                {t('settlement.post')}
              </Button>
            )}
            {p.status === 'draft' && can(k.write) && hq && (
              <ReasonAction
                label={t('settlement.cancel')}
                danger
                onSubmit={(reason) => run(async () => ok(await api.POST(byId(props.kind, '/cancel'), { ...path, body: { reason } })), refresh)}
              />
            )}
            {p.status === 'posted' && !p.reversesId && !p.reversedBy && can(k.approve) && hq && (
              <ReasonAction
                label={t('settlement.reverse')}
                danger
                testId="payment-reverse"
                onSubmit={(reason) => run(async () => ok(await api.POST(byId(props.kind, '/reverse'), { ...path, body: { reason } })), refresh)}
              />
            )}
            {p.status === 'posted' && p.itemId && Number(p.unallocatedAmount) > 0 && can('settlement.allocate') && hq && (
              <Button
                data-testid="payment-allocate"
                onClick={() => run(async () => ok(await api.POST('/api/settlement/allocations', { body: { creditItemId: p.itemId!, autoAllocate: true } })), refresh)}
              >
                {t('settlement.allocateRest')}
              </Button>
            )}
          </Space>
          <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t(`settlement.party.${k.partyType}`)}>
              {p.party.code} {p.party.name}
            </Descriptions.Item>
            <Descriptions.Item label={t('settlement.amount')}>
              <span data-testid="payment-amount">{money(p.amount)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('settlement.unallocated')}>
              <span data-testid="payment-unallocated">{money(p.unallocatedAmount)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('settlement.method')}>{t(`settlement.methods.${p.method}`)}</Descriptions.Item>
            <Descriptions.Item label={t('settlement.paidOn')}>{p.paidOn}</Descriptions.Item>
            <Descriptions.Item label={t('settlement.entryDate')}>{p.entryDate ?? '-'}</Descriptions.Item>
            {p.reference && <Descriptions.Item label={t('settlement.reference')}>{p.reference}</Descriptions.Item>}
            {p.reversesId && (
              <Descriptions.Item label={t('settlement.reverses')}>
                <a onClick={() => navigate(`${k.screen}?id=${p.reversesId}`)}>{t('settlement.reverses')}</a>
              </Descriptions.Item>
            )}
            {p.reversedBy && (
              <Descriptions.Item label={t('settlement.reversedBy')}>
                <a onClick={() => navigate(`${k.screen}?id=${p.reversedBy!.id}`)}>{p.reversedBy.number}</a>
              </Descriptions.Item>
            )}
            {p.remark && <Descriptions.Item label={t('settlement.remark')}>{p.remark}</Descriptions.Item>}
            {p.reason && <Descriptions.Item label={t('doc.reason')}>{p.reason}</Descriptions.Item>}
          </Descriptions>
          <Tabs
            items={[
              {
                key: 'allocations',
                label: t('settlement.allocated'),
                children: (
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={p.allocations}
                    data-testid="payment-allocations"
                    columns={[
                      { title: t('settlement.docNo'), dataIndex: 'docNo' },
                      { title: t('settlement.docType'), dataIndex: 'docType', render: (v: string) => t(`docType.${v}`, { defaultValue: v }) },
                      { title: t('settlement.dueDate'), dataIndex: 'dueDate' },
                      { title: t('settlement.entryDate'), dataIndex: 'allocatedOn' },
                      { title: t('settlement.amount'), dataIndex: 'amount', align: 'right', render: money },
                    ]}
                  />
                ),
              },
              {
                key: 'audit',
                label: t('doc.audit'),
                children: <AuditTrail queryKey={['payment', p.id]} load={async () => ok<AuditRow[]>(await api.GET(byId(props.kind, '/audit'), path))} />,
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
