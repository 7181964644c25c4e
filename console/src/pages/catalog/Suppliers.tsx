import { ProFormDigit, ProFormSelect, ProFormText, type ProColumns } from '@ant-design/pro-components';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { CatalogScreen, type CatalogResource } from '../../lib/CatalogScreen';
import type { ListQuery, Page } from '../../lib/ServerTable';

export type Supplier = HqSchemas['Supplier'];
type SupplierValues = HqSchemas['CreateSupplierDto'] & Record<string, unknown>;

const resource: CatalogResource<Supplier, SupplierValues> = {
  id: 'suppliers',
  list: async (q: ListQuery) => ok<Page<Supplier>>(await api.GET('/api/catalog/suppliers', { params: { query: q } })),
  get: async (id) => ok<Supplier>(await api.GET('/api/catalog/suppliers/{id}', { params: { path: { id } } })),
  create: async (body) => ok(await api.POST('/api/catalog/suppliers', { body })),
  update: async (id, body) => ok(await api.PATCH('/api/catalog/suppliers/{id}', { params: { path: { id } }, body })),
  disable: async (id, expectedVersion) => ok(await api.POST('/api/catalog/suppliers/{id}/disable', { params: { path: { id } }, body: { expectedVersion } })),
  exportFile: { path: '/api/catalog/suppliers/export', fileName: 'suppliers.xlsx' },
  writePermission: 'catalog.supplier.write',
  importEntity: 'suppliers',
};

/** 基本信息 → 供应商 */
export default function Suppliers() {
  const { t } = useTranslation();
  const statusEnum = { active: { text: t('status.active'), status: 'Success' }, disabled: { text: t('status.disabled'), status: 'Default' } };
  const columns: ProColumns<Supplier>[] = [
    { title: t('common.search'), dataIndex: 'search', hideInTable: true, fieldProps: { placeholder: t('common.searchHint') } },
    { title: t('supplier.code'), dataIndex: 'code', sorter: true, copyable: true, search: false, fixed: 'left' },
    { title: t('supplier.name'), dataIndex: 'name', sorter: true, search: false, ellipsis: true },
    { title: t('supplier.contact'), dataIndex: 'contact', search: false },
    { title: t('supplier.phone'), dataIndex: 'phone', search: false },
    { title: t('supplier.address'), dataIndex: 'address', search: false, ellipsis: true },
    { title: t('supplier.paymentTermsDays'), dataIndex: 'paymentTermsDays', search: false, align: 'right' },
    { title: t('supplier.taxNumber'), dataIndex: 'taxNumber', search: false, hideInTable: true },
    { title: t('common.status'), dataIndex: 'status', valueType: 'select', valueEnum: statusEnum },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', valueType: 'dateTime', sorter: true, search: false },
  ];
  const fields = (
    <>
      <ProFormText name="code" label={t('supplier.code')} colProps={{ span: 8 }} rules={[{ required: true }]} />
      <ProFormText name="name" label={t('supplier.name')} colProps={{ span: 16 }} rules={[{ required: true }]} />
      <ProFormText name="contact" label={t('supplier.contact')} colProps={{ span: 8 }} />
      <ProFormText name="phone" label={t('supplier.phone')} colProps={{ span: 8 }} />
      <ProFormDigit name="paymentTermsDays" label={t('supplier.paymentTermsDays')} colProps={{ span: 8 }} fieldProps={{ precision: 0 }} />
      <ProFormText name="address" label={t('supplier.address')} colProps={{ span: 24 }} />
      <ProFormText name="taxNumber" label={t('supplier.taxNumber')} colProps={{ span: 8 }} />
      <ProFormText name="bank" label={t('supplier.bank')} colProps={{ span: 8 }} />
      <ProFormText name="bankAccount" label={t('supplier.bankAccount')} colProps={{ span: 8 }} />
      <ProFormSelect name="status" label={t('common.status')} colProps={{ span: 8 }} valueEnum={statusEnum} allowClear={false} />
    </>
  );
  return (
    <CatalogScreen<Supplier, SupplierValues>
      title={t('menu.suppliers')}
      resource={resource}
      columns={columns}
      fields={fields}
      createTitle={t('supplier.createTitle')}
      editTitle={t('supplier.editTitle')}
      label={(r) => `${r.code} ${r.name}`}
      defaults={{ status: 'active' }}
      toValues={(r) => ({
        code: r.code,
        name: r.name,
        contact: r.contact,
        phone: r.phone,
        address: r.address,
        taxNumber: r.taxNumber,
        bank: r.bank,
        bankAccount: r.bankAccount,
        paymentTermsDays: r.paymentTermsDays,
        status: r.status,
      })}
    />
  );
}
