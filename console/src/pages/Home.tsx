import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Col, Descriptions, Empty, Row, Space, Statistic, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { visibleMenu } from '../app/screens';
import { api, ok } from '../lib/api';
import { useAuth } from '../lib/auth';
import { BarChart } from '../lib/BarChart';
import { formatMoney } from '../lib/money';

interface SalesRow {
  storeId: string;
  storeCode: string;
  amount: string;
  receipts: number;
}
interface StoreHealth {
  storeId: string;
  code: string;
  name: string;
  lastContactAt: string | null;
  failedRecords: number;
}
/** a store that has not been in touch for this long counts as not synced */
const STALE_HOURS = 24;

/** A list's `total` (one row fetched: the count is what the to-do shows). */
type Total = { total: number };

/** The screen a to-do opens: the first visible screen whose path fits (the screens live in other menu files). */
function screenFor(paths: string[], pattern: RegExp): string | undefined {
  return paths.find((p) => pattern.test(p));
}

/**
 * 工作台 (HQ): today's sales per store, and the to-dos — orders to approve, requests to confirm,
 * receipts to post, stock alerts, stores not synced or with failed records — each counted by its
 * own list API (only those the user may read) and opening its screen. Stores see who they are and
 * their shortcuts.
 */
export default function Home() {
  const { me, can } = useAuth();
  const { t } = useTranslation();
  const groups = visibleMenu(me!.permissions, me!.orgUnit.kind);
  const paths = groups.flatMap((g) => g.screens.map((s) => s.path));
  const hq = me!.orgUnit.kind === 'hq';
  const today = dayjs().format('YYYY-MM-DD');
  const opt = { staleTime: 30_000, retry: false };

  const sales = useQuery({
    ...opt,
    queryKey: ['dash', 'sales', today],
    enabled: hq && can('report.read'),
    queryFn: async () =>
      ok<{ items: SalesRow[] }>(await api.GET('/api/reports/sales', { params: { query: { from: today, to: today, groupBy: 'store', pageSize: 100, sort: ['-amount'] } } })).items,
  });
  const orders = useQuery({
    ...opt,
    queryKey: ['dash', 'orders'],
    enabled: hq && can('purchase.read'),
    queryFn: async () => ok<Total>(await api.GET('/api/purchase-orders', { params: { query: { status: 'submitted', pageSize: 1 } } })).total,
  });
  const requests = useQuery({
    ...opt,
    queryKey: ['dash', 'requests'],
    enabled: hq && can('replenishment.read'),
    queryFn: async () => ok<Total>(await api.GET('/api/replenishment/requests', { params: { query: { status: 'submitted', pageSize: 1 } } })).total,
  });
  const receipts = useQuery({
    ...opt,
    queryKey: ['dash', 'receipts'],
    enabled: hq && can('purchase.read'),
    queryFn: async () => ok<Total>(await api.GET('/api/goods-receipts', { params: { query: { status: 'draft', pageSize: 1 } } })).total,
  });
  const alerts = useQuery({
    ...opt,
    queryKey: ['dash', 'alerts'],
    enabled: hq && can('inventory.read'),
    queryFn: async () => ok<Total>(await api.GET('/api/inventory/alerts/current', { params: { query: { pageSize: 1 } } })).total,
  });
  const stores = useQuery({
    ...opt,
    queryKey: ['dash', 'stores'],
    enabled: hq && can('store.transfer.manage'),
    queryFn: async () => ok<{ items: StoreHealth[] }>(await api.GET('/api/stores/transfer', { params: { query: { pageSize: 100, status: 'active' } } })).items,
  });
  const staleBefore = Date.now() - STALE_HOURS * 3_600_000;
  const notSynced = stores.data?.filter((s) => !s.lastContactAt || new Date(s.lastContactAt).getTime() < staleBefore).length;
  const withFailures = stores.data?.filter((s) => s.failedRecords > 0).length;

  const todos = [
    { key: 'orders', q: orders, value: orders.data, to: screenFor(paths, /^\/purchas\w*\/orders/) },
    { key: 'requests', q: requests, value: requests.data, to: screenFor(paths, /request|confirm|replenish/) },
    { key: 'receipts', q: receipts, value: receipts.data, to: screenFor(paths, /^\/purchas\w*\/receipts/) },
    { key: 'alerts', q: alerts, value: alerts.data, to: screenFor(paths, /alert/) },
    { key: 'notSynced', q: stores, value: notSynced, to: screenFor(paths, /transfer/) },
    { key: 'failedRecords', q: stores, value: withFailures, to: screenFor(paths, /transfer/) },
  ].filter((d) => d.q.fetchStatus !== 'idle' || d.q.data !== undefined || d.q.isError);

  return (
    <PageContainer title={hq ? t('home.dashboard') : t('home.welcome', { name: me!.displayName || me!.username })}>
      {hq && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} lg={14}>
            <Card title={t('home.salesToday', { day: today })} loading={sales.isPending && sales.fetchStatus !== 'idle'} data-testid="sales-today">
              {sales.isError ? (
                <Empty description={t('home.unavailable')} />
              ) : sales.data ? (
                <BarChart testId="sales-chart" bars={sales.data.map((r) => ({ key: r.storeId, label: r.storeCode, value: r.amount }))} format={(v) => `¥${formatMoney(v)}`} />
              ) : (
                <Empty description={t('home.noRight')} />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card title={t('home.todo')} data-testid="todos">
              {todos.length === 0 ? (
                <Empty description={t('home.noRight')} />
              ) : (
                <Row gutter={[16, 16]}>
                  {todos.map((d) => {
                    const stat = (
                      <Statistic title={t(`home.todos.${d.key}`)} value={d.q.isError ? '-' : (d.value ?? '…')} valueStyle={{ color: d.value ? '#cf1322' : undefined }} />
                    );
                    return (
                      <Col span={12} key={d.key} data-testid={`todo-${d.key}`}>
                        {d.to ? <Link to={d.to}>{stat}</Link> : stat}
                      </Col>
                    );
                  })}
                </Row>
              )}
            </Card>
          </Col>
        </Row>
      )}
      <Card>
        <Descriptions column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('home.user')}>{me!.displayName || me!.username}</Descriptions.Item>
          <Descriptions.Item label={t('home.org')}>
            {me!.orgUnit.code} {me!.orgUnit.name}
          </Descriptions.Item>
          <Descriptions.Item label={t('home.roles')}>
            {me!.roles.map((r) => (
              <Tag key={r}>{r}</Tag>
            ))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('home.shortcuts')} style={{ marginTop: 16 }}>
        {groups.length === 0 ? (
          <Empty description={t('home.none')} />
        ) : (
          groups.map((g) => (
            <Space key={g.key} wrap style={{ marginRight: 24 }}>
              <Badge color="blue" text={<strong>{t(g.label)}</strong>} />
              {g.screens.map((s) => (
                <Link key={s.path} to={s.path}>
                  {t(s.label)}
                </Link>
              ))}
            </Space>
          ))
        )}
      </Card>
    </PageContainer>
  );
}
