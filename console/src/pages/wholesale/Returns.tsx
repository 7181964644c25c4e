import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Space, Tabs } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { money, PrintSheet, useRunAction } from '../../lib/documents';
import { refName, useWarehouses } from '../../lib/refs';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import {
  auditTab,
  customerText,
  DOC_STATUSES,
  DocDrawer,
  docListColumns,
  linesTab,
  newKey,
  PrintExportButtons,
  PrintModal,
  printColumns,
  useDocRefresh,
  type DocRow,
  type WholesaleReturn,
} from './shared';

interface ReturnRow extends DocRow {
  businessDate: string;
  deliveryId: string;
  deliveryNumber: string;
  reason: string;
}

const getReturn = async (id: string) => ok<WholesaleReturn>(await api.GET('/api/wholesale/returns/{id}', { params: { path: { id } } }));

/** 批发管理 → 批发退货: returns (made from a delivery's 批发退货 button), post or cancel a draft, the credit note they book, print. */
export default function Returns() {
  const { t } = useTranslation();
  const actionRef = useRef<ActionType>();
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const navigate = useNavigate();

  const c = docListColumns<ReturnRow>(t, (id) => setParams({ id }), DOC_STATUSES);
  const columns: ProColumns<ReturnRow>[] = [
    c.search,
    c.number,
    {
      title: t('wholesale.delivery'),
      dataIndex: 'deliveryNumber',
      search: false,
      render: (_, r) => <a onClick={() => navigate(`/wholesale/deliveries?id=${r.deliveryId}`)}>{r.deliveryNumber}</a>,
    },
    c.customer,
    { title: t('wholesale.returnWarehouse'), dataIndex: 'warehouseName', search: false },
    { title: t('wholesale.businessDate'), dataIndex: 'businessDate', sorter: true, search: false },
    c.period,
    c.status,
    { title: t('wholesale.reason'), dataIndex: 'reason', search: false, ellipsis: true },
    c.totalQty,
    c.totalAmount,
  ];

  return (
    <PageContainer title={t('menu.wholesaleReturns')}>
      <ServerTable<ReturnRow>
        id="wholesale-returns"
        headerTitle={t('menu.wholesaleReturns')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<ReturnRow>>(await api.GET('/api/wholesale/returns', { params: { query: q as never } }))}
        exportFile={{ path: '/api/wholesale/returns?format=xlsx', fileName: '批发退货.xlsx' }}
      />
      {openId && <ReturnDrawer id={openId} onClose={() => setParams({})} onChanged={() => void actionRef.current?.reload()} />}
    </PageContainer>
  );
}

function ReturnDrawer(props: { id: string; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: ['wholesale-return', props.id], queryFn: () => getReturn(props.id) });
  const run = useRunAction();
  const [printing, setPrinting] = useState(false);
  const r = q.data;
  const warehouses = useWarehouses();
  const writable = can('wholesale.return.write') && me?.orgUnit.kind === 'hq';
  const path = { params: { path: { id: props.id } } };
  const refresh = useDocRefresh('wholesale-return', props.id, props.onChanged);

  return (
    <DocDrawer title={t('menu.wholesaleReturns')} doc={r} error={q.isError && q.error} width={1000} testId="wsr-drawer" onClose={props.onClose}>
      {(r) => (
        <>
          <Space wrap className="no-print">
            {r.status === 'draft' && writable && (
              <Button
                type="primary"
                data-testid="wsr-post"
                onClick={() => run(async () => ok(await api.POST('/api/wholesale/returns/{id}/post', { ...path, body: { idempotencyKey: newKey() } })), refresh)}
              >
                {t('wholesale.post')}
              </Button>
            )}
            {r.status === 'draft' && writable && (
              <Button danger onClick={() => run(async () => ok(await api.POST('/api/wholesale/returns/{id}/cancel', path)), refresh)}>
                {t('wholesale.cancel')}
              </Button>
            )}
            <PrintExportButtons onPrint={() => setPrinting(true)} path={`/api/wholesale/returns/${r.id}/document`} fileName={`批发退货单-${r.number}.xlsx`} />
          </Space>
          <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('wholesale.customer')}>{customerText(r.customer)}</Descriptions.Item>
            <Descriptions.Item label={t('wholesale.delivery')}>
              <a onClick={() => navigate(`/wholesale/deliveries?id=${r.deliveryId}`)}>{r.delivery.number}</a>
            </Descriptions.Item>
            <Descriptions.Item label={t('wholesale.returnWarehouse')}>{refName(warehouses, r.warehouseId)}</Descriptions.Item>
            <Descriptions.Item label={t('wholesale.businessDate')}>{r.businessDate}</Descriptions.Item>
            <Descriptions.Item label={t('wholesale.totalAmount')}>{money(r.totalAmount)}</Descriptions.Item>
            <Descriptions.Item label={t('wholesale.totalCost')}>{money(r.totalCost)}</Descriptions.Item>
            {r.credit && <Descriptions.Item label={t('wholesale.credit')}>{money(r.credit.amount)}</Descriptions.Item>}
            <Descriptions.Item label={t('wholesale.reason')}>{r.reason}</Descriptions.Item>
          </Descriptions>
          <Tabs
            items={[
              linesTab(
                t,
                r.lines,
                [
                  { title: t('wholesale.returnQty'), dataIndex: 'quantity', align: 'right' },
                  { title: t('wholesale.unitPrice'), dataIndex: 'unitPrice', align: 'right', render: money },
                  { title: t('wholesale.amount'), dataIndex: 'amount', align: 'right', render: money },
                  { title: t('wholesale.unitCost'), dataIndex: 'unitCost', align: 'right' },
                ],
                false,
              ),
              auditTab(t, 'wholesale-return', r.id, () => api.GET('/api/wholesale/returns/{id}/audit', path)),
            ]}
          />
          <PrintModal open={printing} onClose={() => setPrinting(false)}>
            <PrintSheet
              title={`${t('wholesale.returnSheet')} ${r.number}`}
              head={[
                [t('wholesale.customer'), customerText(r.customer)],
                [t('wholesale.delivery'), r.delivery.number],
                [t('wholesale.businessDate'), r.businessDate],
                [t('wholesale.returnWarehouse'), refName(warehouses, r.warehouseId)],
                [t('wholesale.totalAmount'), money(r.totalAmount)],
                [t('wholesale.reason'), r.reason],
              ]}
              lines={r.lines}
              columns={printColumns(t, t('wholesale.returnQty'))}
              signatures={[t('wholesale.signMaker'), t('wholesale.signKeeper'), t('wholesale.signCustomer')]}
            />
          </PrintModal>
        </>
      )}
    </DocDrawer>
  );
}
