import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Space, Statistic } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { errorText, money } from '../../lib/documents';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { OpenItems } from '../settlement/shared';

type Customer = HqSchemas['Customer'] & Record<string, unknown>;

/**
 * 批发管理 → 客户信用: each customer's credit limit, price level and terms (kept in 基本信息 → 客户), and
 * in its drawer what the credit check will see — balance owed, approved orders not yet delivered,
 * what is still available — with its open items.
 */
export default function CustomerCredit() {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Customer | undefined>();
  const columns: ProColumns<Customer>[] = [
    { title: t('common.search'), dataIndex: 'search', hideInTable: true, fieldProps: { placeholder: t('common.searchHint') } },
    { title: t('customer.code'), dataIndex: 'code', sorter: true, search: false, render: (_, r) => <a onClick={() => setOpen(r)}>{r.code}</a> },
    { title: t('customer.name'), dataIndex: 'name', sorter: true, search: false },
    { title: t('wholesale.creditLimit'), dataIndex: 'creditLimit', search: false, align: 'right', renderText: money },
    { title: t('wholesale.priceLevel'), dataIndex: 'priceLevel', search: false, render: (_, r) => (r.priceLevel ? t(`wholesale.level.${r.priceLevel}`) : '-') },
    { title: t('wholesale.paymentTermsDays'), dataIndex: 'paymentTermsDays', search: false, align: 'right' },
    { title: t('wholesale.contact'), dataIndex: 'contact', search: false },
    { title: t('wholesale.phone'), dataIndex: 'phone', search: false },
  ];
  return (
    <PageContainer title={t('menu.customerCredit')}>
      <ServerTable<Customer>
        id="customer-credit"
        headerTitle={t('menu.customerCredit')}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<Customer>>(await api.GET('/api/catalog/customers', { params: { query: { ...q, status: 'active' } as never } }))}
      />
      {open && <CreditDrawer customer={open} onClose={() => setOpen(undefined)} />}
    </PageContainer>
  );
}

function CreditDrawer(props: { customer: Customer; onClose(): void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const c = props.customer;
  const credit = useQuery({
    queryKey: ['customer-credit', c.id],
    queryFn: async () => ok(await api.GET('/api/wholesale/customers/{id}/credit', { params: { path: { id: c.id } } })),
  });
  const d = credit.data;
  return (
    <Drawer open width={900} title={`${t('menu.customerCredit')} ${c.code} ${c.name}`} onClose={props.onClose} data-testid="credit-drawer">
      {credit.isError && <Alert type="error" message={errorText(credit.error)} />}
      {d && (
        <Space size="large" wrap style={{ marginBottom: 16 }}>
          <Statistic title={t('wholesale.creditLimit')} value={money(d.creditLimit)} />
          <Statistic title={t('wholesale.creditBalance')} value={money(d.balance)} />
          <Statistic title={t('wholesale.creditOpenOrders')} value={money(d.openOrders)} />
          <Statistic title={t('wholesale.available')} value={money(d.available)} valueStyle={{ color: Number(d.available) < 0 ? '#cf1322' : undefined }} />
        </Space>
      )}
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t('wholesale.priceLevel')}>{c.priceLevel ? t(`wholesale.level.${c.priceLevel}`) : '-'}</Descriptions.Item>
        <Descriptions.Item label={t('wholesale.paymentTermsDays')}>{c.paymentTermsDays ?? '-'}</Descriptions.Item>
        <Descriptions.Item label={t('wholesale.address')}>{c.address ?? '-'}</Descriptions.Item>
      </Descriptions>
      <Space style={{ margin: '12px 0' }}>
        <Button onClick={() => navigate(`/wholesale/orders`)}>{t('menu.wholesaleOrders')}</Button>
        {can('settlement.read') && <Button onClick={() => navigate(`/settlement/statements?partyType=customer&partyId=${c.id}`)}>{t('wholesale.statement')}</Button>}
      </Space>
      {can('settlement.read') && (
        <>
          <h4>{t('wholesale.openItems')}</h4>
          <OpenItems partyType="customer" partyId={c.id} testId="credit-open-items" />
        </>
      )}
    </Drawer>
  );
}
