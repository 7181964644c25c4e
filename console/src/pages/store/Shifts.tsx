import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, DatePicker, Descriptions, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { storeApi } from '../../lib/storeApi';

interface Tender {
  paymentMethodId: string;
  methodCode: string;
  methodName: string;
  float: string;
  sales: string;
  refunds: string;
  topUps: string;
  /** 礼品卡售卡 with this method (stored value sold, not goods) */
  giftCards?: string;
  expected: string;
  counted: string;
  difference: string;
  uncounted?: number;
}
interface ShiftRow {
  id: string;
  shiftNo: string;
  tillCode: string;
  cashierName: string;
  status: string;
  openedAt: string;
  closedAt: string | null;
  salesCount: number;
  salesTotal: string;
  refundsCount: number;
  refundsTotal: string;
  topUpsTotal: string;
  tenders: Tender[];
  expectedTotal: string;
  countedTotal: string;
  differenceTotal: string;
}
interface Reconciliation {
  date: string;
  shifts: ShiftRow[];
  openShifts: number;
  perMethod: Tender[];
  totals: { sales: string; refunds: string; net: string; topUps: string; giftCards?: string; expected: string; counted: string; difference: string };
}

const diff = (v: string) => <Typography.Text type={Number(v) === 0 ? 'success' : 'danger'}>{Number(v) > 0 ? `+${v}` : v}</Typography.Text>;

/** 交班对账: each shift of a day and the day, per payment method: expected, counted and the difference. */
export default function Shifts() {
  const { t } = useTranslation();
  const [day, setDay] = useState<Dayjs>(dayjs());
  const date = day.format('YYYY-MM-DD');
  const q = useQuery({
    queryKey: ['reconciliation', date],
    queryFn: async () => (await storeApi.GET('/api/pos/reconciliation', { params: { query: { date } } })).data as unknown as Reconciliation,
  });
  const r = q.data;
  const tenderColumns = [
    { title: t('journal.paymentMethod'), dataIndex: 'methodName' },
    { title: t('shift.float'), dataIndex: 'float', align: 'right' as const },
    { title: t('journal.sales'), dataIndex: 'sales', align: 'right' as const },
    { title: t('journal.refunds'), dataIndex: 'refunds', align: 'right' as const },
    { title: t('journal.topUps'), dataIndex: 'topUps', align: 'right' as const },
    { title: t('journal.giftCards'), dataIndex: 'giftCards', align: 'right' as const },
    { title: t('shift.expected'), dataIndex: 'expected', align: 'right' as const },
    {
      title: t('shift.counted'),
      dataIndex: 'counted',
      align: 'right' as const,
      render: (v: string, x: Tender) =>
        x.uncounted ? (
          <Space>
            {v}
            <Tag>{t('shift.uncounted', { n: x.uncounted })}</Tag>
          </Space>
        ) : (
          v
        ),
    },
    { title: t('shift.difference'), dataIndex: 'difference', align: 'right' as const, render: diff },
  ];
  return (
    <PageContainer title={t('menu.posShifts')} extra={<DatePicker value={day} onChange={(d) => d && setDay(d)} allowClear={false} data-testid="shift-date" />}>
      {r && r.openShifts > 0 && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('shift.openWarning', { n: r.openShifts })} />}
      <Card title={t('shift.day', { date })} loading={q.isPending} style={{ marginBottom: 16 }} data-testid="day-reconciliation">
        {r && (
          <>
            <Descriptions
              size="small"
              column={4}
              items={[
                { label: t('journal.sales'), children: r.totals.sales },
                { label: t('journal.refunds'), children: r.totals.refunds },
                { label: t('journal.net'), children: r.totals.net },
                { label: t('journal.topUps'), children: r.totals.topUps },
                { label: t('journal.giftCards'), children: r.totals.giftCards ?? '0.00' },
                { label: t('shift.expected'), children: r.totals.expected },
                { label: t('shift.counted'), children: r.totals.counted },
                { label: t('shift.difference'), children: diff(r.totals.difference) },
              ]}
            />
            <Table<Tender> rowKey="paymentMethodId" size="small" pagination={false} dataSource={r.perMethod} columns={tenderColumns} />
          </>
        )}
      </Card>
      <Card title={t('shift.shifts')}>
        <Table<ShiftRow>
          rowKey="id"
          size="small"
          loading={q.isPending}
          scroll={{ x: 'max-content' }}
          dataSource={r?.shifts ?? []}
          pagination={false}
          expandable={{ expandedRowRender: (s) => <Table<Tender> rowKey="paymentMethodId" size="small" pagination={false} dataSource={s.tenders} columns={tenderColumns} /> }}
          columns={[
            { title: t('shift.shiftNo'), dataIndex: 'shiftNo', render: (v: string, s) => <Link to={`/store/journal?shiftId=${s.id}&shiftNo=${encodeURIComponent(v)}`}>{v}</Link> },
            { title: t('journal.till'), dataIndex: 'tillCode' },
            { title: t('journal.cashier'), dataIndex: 'cashierName' },
            {
              title: t('common.status'),
              dataIndex: 'status',
              render: (v: string) => <Tag color={v === 'open' ? 'orange' : 'green'}>{t(`shift.statuses.${v}`, { defaultValue: v })}</Tag>,
            },
            { title: t('shift.openedAt'), dataIndex: 'openedAt', render: (v: string) => new Date(v).toLocaleString() },
            { title: t('shift.closedAt'), dataIndex: 'closedAt', render: (v: string | null) => (v ? new Date(v).toLocaleString() : '—') },
            { title: t('journal.sales'), key: 's', align: 'right', render: (_, s) => `${s.salesCount} / ${s.salesTotal}` },
            { title: t('journal.refunds'), key: 'r', align: 'right', render: (_, s) => `${s.refundsCount} / ${s.refundsTotal}` },
            { title: t('shift.expected'), dataIndex: 'expectedTotal', align: 'right' },
            { title: t('shift.counted'), dataIndex: 'countedTotal', align: 'right' },
            { title: t('shift.difference'), dataIndex: 'differenceTotal', align: 'right', render: diff },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
