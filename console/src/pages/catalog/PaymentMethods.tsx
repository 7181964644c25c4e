import { ProFormDigit, ProFormSelect, ProFormSwitch, ProFormText, type ProColumns } from '@ant-design/pro-components';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { CatalogScreen, type CatalogResource } from '../../lib/CatalogScreen';
import type { ListQuery, Page } from '../../lib/ServerTable';
import { codeNameColumns, useStatusEnum, type CodeNamed } from './shared';

interface PaymentMethod extends CodeNamed {
  type: 'cash' | 'card' | 'mobile' | 'stored_value' | 'voucher';
  allowsChange: boolean;
  enabled: boolean;
  sortOrder: number;
}
type PaymentMethodValues = HqSchemas['CreatePaymentMethodDto'] & Record<string, unknown>;

const resource: CatalogResource<PaymentMethod, PaymentMethodValues> = {
  id: 'payment-methods',
  list: async (q: ListQuery) => ok<Page<PaymentMethod>>(await api.GET('/api/catalog/payment-methods', { params: { query: q } })),
  get: async (id) => ok<PaymentMethod>(await api.GET('/api/catalog/payment-methods/{id}', { params: { path: { id } } })),
  create: async (body) => ok(await api.POST('/api/catalog/payment-methods', { body })),
  update: async (id, body) => ok(await api.PATCH('/api/catalog/payment-methods/{id}', { params: { path: { id } }, body })),
  disable: async (id, expectedVersion) => ok(await api.POST('/api/catalog/payment-methods/{id}/disable', { params: { path: { id } }, body: { expectedVersion } })),
  exportFile: { path: '/api/catalog/payment-methods/export', fileName: 'payment-methods.xlsx' },
  writePermission: 'catalog.payment-method.write',
  importEntity: 'payment-methods',
};

/** 基本信息 → 付款方式 */
export default function PaymentMethods() {
  const { t } = useTranslation();
  const statusEnum = useStatusEnum();
  const types = Object.fromEntries(['cash', 'card', 'mobile', 'stored_value', 'voucher'].map((k) => [k, { text: t(`paymentMethod.type.${k}`) }]));
  const columns: ProColumns<PaymentMethod>[] = codeNameColumns<PaymentMethod>(t, 'paymentMethod', statusEnum, [
    { title: t('paymentMethod.typeLabel'), dataIndex: 'type', search: false, valueEnum: types },
    { title: t('paymentMethod.allowsChange'), dataIndex: 'allowsChange', search: false, renderText: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
    { title: t('paymentMethod.enabled'), dataIndex: 'enabled', search: false, renderText: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
    { title: t('paymentMethod.sortOrder'), dataIndex: 'sortOrder', search: false, sorter: true, align: 'right' },
  ]);
  return (
    <CatalogScreen<PaymentMethod, PaymentMethodValues>
      title={t('menu.paymentMethods')}
      resource={resource}
      columns={columns}
      fields={
        <>
          <ProFormText name="code" label={t('paymentMethod.code')} colProps={{ span: 8 }} rules={[{ required: true }]} />
          <ProFormText name="name" label={t('paymentMethod.name')} colProps={{ span: 8 }} rules={[{ required: true }]} />
          <ProFormSelect name="type" label={t('paymentMethod.typeLabel')} colProps={{ span: 8 }} valueEnum={types} rules={[{ required: true }]} />
          <ProFormSwitch name="allowsChange" label={t('paymentMethod.allowsChange')} colProps={{ span: 6 }} />
          <ProFormSwitch name="enabled" label={t('paymentMethod.enabled')} colProps={{ span: 6 }} />
          <ProFormDigit name="sortOrder" label={t('paymentMethod.sortOrder')} colProps={{ span: 6 }} fieldProps={{ precision: 0 }} />
          <ProFormSelect name="status" label={t('common.status')} colProps={{ span: 6 }} valueEnum={statusEnum} allowClear={false} />
        </>
      }
      createTitle={t('paymentMethod.createTitle')}
      editTitle={t('paymentMethod.editTitle')}
      label={(r) => `${r.code} ${r.name}`}
      defaults={{ status: 'active', enabled: true, allowsChange: false, type: 'card' } as Partial<PaymentMethodValues>}
      toValues={(r) => ({ code: r.code, name: r.name, type: r.type, allowsChange: r.allowsChange, enabled: r.enabled, sortOrder: r.sortOrder, status: r.status }) as Partial<PaymentMethodValues>}
    />
  );
}
