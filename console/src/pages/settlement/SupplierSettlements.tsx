import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDateRangePicker, ProFormSelect, ProFormTextArea, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Space, Table, Tabs } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { AuditTrail, errorText, money, ReasonAction, StatusTag, statusEnum, useRunAction, type AuditRow } from '../../lib/documents';
import { searchSuppliers } from '../../lib/lookups';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';

type Settlement = Omit<HqSchemas['SupplierSettlementGetResponse'], 'lines'> & { lines: Line[] };
interface Line {
  lineNo: number;
  productCode: string;
  productName: string;
  storeCode: string | null;
  quantity: string;
  salesAmount: string;
  unitPrice: string | null;
  commissionAmount: string;
  payableAmount: string;
}
interface Row extends Record<string, unknown> {
  id: string;
  number: string;
  supplierCode: string;
  supplierName: string;
  mode: string;
  periodFrom: string;
  periodTo: string;
  status: string;
  totalQty: string;
  salesAmount: string;
  commissionAmount: string;
  payableAmount: string;
}

/**
 * 结算管理 → 代销联营结算: a consignment (代销) or concession (联营) supplier's settlement of a period,
 * computed from the sales of its products; posting books the payable (docs/settlement.md §5).
 */
export default function SupplierSettlements() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const actionRef = useRef<ActionType>();
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const [creating, setCreating] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const writable = can('settlement.supplier.write') && me?.orgUnit.kind === 'hq';
  const modes = { consignment: { text: t('settlement.modes.consignment') }, concession: { text: t('settlement.modes.concession') } };

  const columns: ProColumns<Row>[] = [
    { title: t('settlement.number'), dataIndex: 'number', sorter: true, search: false, render: (_, r) => <a onClick={() => setParams({ id: r.id })}>{r.number}</a> },
    {
      title: t('settlement.supplier'),
      dataIndex: 'supplierId',
      valueType: 'select',
      request: ({ keyWords }) => searchSuppliers(keyWords),
      fieldProps: { showSearch: true },
      debounceTime: 300,
      render: (_, r) => `${r.supplierCode} ${r.supplierName}`,
    },
    { title: t('settlement.mode'), dataIndex: 'mode', search: false, valueEnum: modes },
    { title: t('settlement.periodFrom'), dataIndex: 'periodFrom', sorter: true, search: false },
    { title: t('settlement.periodTo'), dataIndex: 'periodTo', sorter: true, search: false },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      valueEnum: statusEnum(t, ['draft', 'posted', 'cancelled']),
      render: (_, r) => <StatusTag status={r.status} />,
    },
    { title: t('settlement.totalQty'), dataIndex: 'totalQty', search: false, align: 'right' },
    { title: t('settlement.salesAmount'), dataIndex: 'salesAmount', sorter: true, search: false, align: 'right', renderText: money },
    { title: t('settlement.commissionAmount'), dataIndex: 'commissionAmount', search: false, align: 'right', renderText: money },
    { title: t('settlement.payableAmount'), dataIndex: 'payableAmount', sorter: true, search: false, align: 'right', renderText: money },
  ];

  return (
    <PageContainer title={t('menu.supplierSettlements')}>
      <ServerTable<Row>
        id="supplier-settlements"
        headerTitle={t('menu.supplierSettlements')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<Row>>(await api.GET('/api/settlement/supplier-settlements', { params: { query: q as never } }))}
        exportFile={{ path: '/api/settlement/supplier-settlements?format=xlsx', fileName: '代销联营结算.xlsx' }}
        toolBar={
          writable
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => (setFailure(null), setCreating(true))}>
                  {t('settlement.newSupplierSettlement')}
                </Button>,
              ]
            : []
        }
      />
      <ModalForm<{ supplierId: string; period: [string, string]; remark?: string }>
        open={creating}
        onOpenChange={setCreating}
        title={t('settlement.newSupplierSettlement')}
        width={640}
        modalProps={{ destroyOnClose: true }}
        onFinish={async (v) => {
          setFailure(null);
          try {
            const s = ok<Settlement>(
              await api.POST('/api/settlement/supplier-settlements', {
                body: { supplierId: v.supplierId, from: v.period[0], to: v.period[1], remark: v.remark?.trim() || undefined },
              }),
            );
            void actionRef.current?.reload();
            setParams({ id: s.id });
            return true;
          } catch (e) {
            setFailure(e instanceof ApiError ? e : new ApiError(0, { statusCode: 0, code: 'NETWORK', message: String(e) }));
            return false;
          }
        }}
      >
        {failure && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={failure.code} description={failure.message} />}
        <ProFormSelect
          name="supplierId"
          label={t('settlement.supplier')}
          rules={[{ required: true }]}
          showSearch
          request={({ keyWords }) => searchSuppliers(keyWords)}
          debounceTime={300}
        />
        <ProFormDateRangePicker name="period" label={t('settlement.period')} rules={[{ required: true }]} fieldProps={{ format: 'YYYY-MM-DD' }} />
        <ProFormTextArea name="remark" label={t('settlement.remark')} fieldProps={{ rows: 1, maxLength: 500 }} />
      </ModalForm>
      {openId && <SettlementDrawer id={openId} onClose={() => setParams({})} onChanged={() => void actionRef.current?.reload()} />}
    </PageContainer>
  );
}

function SettlementDrawer(props: { id: string; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const qc = useQueryClient();
  const run = useRunAction();
  const q = useQuery({
    queryKey: ['supplier-settlement', props.id],
    queryFn: async () => ok<Settlement>(await api.GET('/api/settlement/supplier-settlements/{id}', { params: { path: { id: props.id } } })),
  });
  const s = q.data;
  const path = { params: { path: { id: props.id } } };
  const writable = can('settlement.supplier.write') && me?.orgUnit.kind === 'hq';
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['supplier-settlement', props.id] });
    void qc.invalidateQueries({ queryKey: ['audit', 'supplier-settlement', props.id] });
    props.onChanged();
  };
  return (
    <Drawer open width={1000} title={s ? `${t('menu.supplierSettlements')} ${s.number}` : ''} onClose={props.onClose} extra={s && <StatusTag status={s.status} />}>
      {q.isError && <Alert type="error" message={errorText(q.error)} />}
      {s && (
        <>
          <Space wrap>
            {s.status === 'draft' && writable && (
              <Button type="primary" onClick={() => run(async () => ok(await api.POST('/api/settlement/supplier-settlements/{id}/post', path)), refresh)}>
                {t('settlement.post')}
              </Button>
            )}
            {s.status === 'draft' && writable && (
              <ReasonAction
                label={t('settlement.cancel')}
                danger
                onSubmit={(reason) => run(async () => ok(await api.POST('/api/settlement/supplier-settlements/{id}/cancel', { ...path, body: { reason } })), refresh)}
              />
            )}
          </Space>
          <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('settlement.supplier')}>
              {s.supplier.code} {s.supplier.name}
            </Descriptions.Item>
            <Descriptions.Item label={t('settlement.mode')}>{t(`settlement.modes.${s.mode}`)}</Descriptions.Item>
            <Descriptions.Item label={t('settlement.period')}>
              {s.periodFrom} ~ {s.periodTo}
            </Descriptions.Item>
            <Descriptions.Item label={t('settlement.salesAmount')}>{money(s.salesAmount)}</Descriptions.Item>
            {s.commissionRate !== null && <Descriptions.Item label={t('settlement.commissionRate')}>{s.commissionRate}</Descriptions.Item>}
            <Descriptions.Item label={t('settlement.commissionAmount')}>{money(s.commissionAmount)}</Descriptions.Item>
            <Descriptions.Item label={t('settlement.payableAmount')}>{money(s.payableAmount)}</Descriptions.Item>
            {s.remark && <Descriptions.Item label={t('settlement.remark')}>{s.remark}</Descriptions.Item>}
          </Descriptions>
          <Tabs
            items={[
              {
                key: 'lines',
                label: t('doc.lines'),
                children: (
                  <Table
                    size="small"
                    rowKey="lineNo"
                    pagination={false}
                    dataSource={s.lines}
                    scroll={{ x: 'max-content' }}
                    columns={[
                      { title: t('product.code'), dataIndex: 'productCode' },
                      { title: t('product.name'), dataIndex: 'productName' },
                      { title: t('settlement.store'), dataIndex: 'storeCode' },
                      { title: t('settlement.totalQty'), dataIndex: 'quantity', align: 'right' },
                      { title: t('settlement.salesAmount'), dataIndex: 'salesAmount', align: 'right', render: money },
                      { title: t('settlement.settlementPrice'), dataIndex: 'unitPrice', align: 'right', render: (v: string | null) => (v ? money(v) : '-') },
                      { title: t('settlement.commissionAmount'), dataIndex: 'commissionAmount', align: 'right', render: money },
                      { title: t('settlement.payableAmount'), dataIndex: 'payableAmount', align: 'right', render: money },
                    ]}
                  />
                ),
              },
              {
                key: 'audit',
                label: t('doc.audit'),
                children: (
                  <AuditTrail queryKey={['supplier-settlement', s.id]} load={async () => ok<AuditRow[]>(await api.GET('/api/settlement/supplier-settlements/{id}/audit', path))} />
                ),
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
