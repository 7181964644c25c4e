import { ProFormDigit, ProFormSelect, ProFormText, type ProColumns } from '@ant-design/pro-components';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { CatalogScreen, type CatalogResource } from '../../lib/CatalogScreen';
import type { ListQuery, Page } from '../../lib/ServerTable';
import { formatMoney } from '../../lib/money';
import { codeNameColumns, useStatusEnum, type CodeNamed } from './shared';

interface Customer extends CodeNamed {
  contact: string | null;
  phone: string | null;
  address: string | null;
  taxNumber: string | null;
  creditLimit: string | null;
  priceLevel: 'retail' | 'member' | 'wholesale' | null;
  paymentTermsDays: number | null;
}
type CustomerValues = HqSchemas['CreateCustomerDto'] & Record<string, unknown>;

const resource: CatalogResource<Customer, CustomerValues> = {
  id: 'customers',
  list: async (q: ListQuery) => ok<Page<Customer>>(await api.GET('/api/catalog/customers', { params: { query: q } })),
  get: async (id) => ok<Customer>(await api.GET('/api/catalog/customers/{id}', { params: { path: { id } } })),
  create: async (body) => ok(await api.POST('/api/catalog/customers', { body })),
  update: async (id, body) => ok(await api.PATCH('/api/catalog/customers/{id}', { params: { path: { id } }, body })),
  disable: async (id, expectedVersion) => ok(await api.POST('/api/catalog/customers/{id}/disable', { params: { path: { id } }, body: { expectedVersion } })),
  exportFile: { path: '/api/catalog/customers/export', fileName: 'customers.xlsx' },
  writePermission: 'catalog.customer.write',
  importEntity: 'customers',
};

/** 基本信息 → 客户 (批发业务) */
export default function Customers() {
  const { t } = useTranslation();
  const statusEnum = useStatusEnum();
  const levels = { retail: { text: t('customer.level.retail') }, member: { text: t('customer.level.member') }, wholesale: { text: t('customer.level.wholesale') } };
  const columns: ProColumns<Customer>[] = codeNameColumns<Customer>(t, 'customer', statusEnum, [
    { title: t('customer.contact'), dataIndex: 'contact', search: false },
    { title: t('customer.phone'), dataIndex: 'phone', search: false },
    { title: t('customer.creditLimit'), dataIndex: 'creditLimit', search: false, align: 'right', renderText: (v: unknown) => formatMoney(v) },
    { title: t('customer.priceLevel'), dataIndex: 'priceLevel', search: false, valueEnum: levels },
    { title: t('customer.paymentTermsDays'), dataIndex: 'paymentTermsDays', search: false, align: 'right' },
    { title: t('customer.address'), dataIndex: 'address', search: false, ellipsis: true },
  ]);
  return (
    <CatalogScreen<Customer, CustomerValues>
      title={t('menu.customers')}
      resource={resource}
      columns={columns}
      fields={
        <>
          <ProFormText name="code" label={t('customer.code')} colProps={{ span: 8 }} rules={[{ required: true }]} />
          <ProFormText name="name" label={t('customer.name')} colProps={{ span: 16 }} rules={[{ required: true }]} />
          <ProFormText name="contact" label={t('customer.contact')} colProps={{ span: 8 }} />
          <ProFormText name="phone" label={t('customer.phone')} colProps={{ span: 8 }} />
          <ProFormText name="taxNumber" label={t('customer.taxNumber')} colProps={{ span: 8 }} />
          <ProFormText name="address" label={t('customer.address')} colProps={{ span: 24 }} />
          <ProFormText name="creditLimit" label={t('customer.creditLimit')} colProps={{ span: 8 }} />
          <ProFormSelect name="priceLevel" label={t('customer.priceLevel')} colProps={{ span: 8 }} valueEnum={levels} />
          <ProFormDigit name="paymentTermsDays" label={t('customer.paymentTermsDays')} colProps={{ span: 8 }} fieldProps={{ precision: 0 }} />
          <ProFormSelect name="status" label={t('common.status')} colProps={{ span: 8 }} valueEnum={statusEnum} allowClear={false} />
        </>
      }
      createTitle={t('customer.createTitle')}
      editTitle={t('customer.editTitle')}
      label={(r) => `${r.code} ${r.name}`}
      defaults={{ status: 'active' }}
      toValues={(r) => ({
        code: r.code,
        name: r.name,
        contact: r.contact,
        phone: r.phone,
        address: r.address,
        taxNumber: r.taxNumber,
        creditLimit: r.creditLimit,
        priceLevel: r.priceLevel,
        paymentTermsDays: r.paymentTermsDays,
        status: r.status,
      })}
    />
  );
}
