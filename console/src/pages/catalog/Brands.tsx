import { ProFormSelect, ProFormText, type ProColumns } from '@ant-design/pro-components';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { CatalogScreen, type CatalogResource } from '../../lib/CatalogScreen';
import type { ListQuery, Page } from '../../lib/ServerTable';
import { codeNameColumns, useStatusEnum, type CodeNamed } from './shared';

type BrandValues = HqSchemas['CreateBrandDto'] & Record<string, unknown>;

const resource: CatalogResource<CodeNamed, BrandValues> = {
  id: 'brands',
  list: async (q: ListQuery) => ok<Page<CodeNamed>>(await api.GET('/api/catalog/brands', { params: { query: q } })),
  get: async (id) => ok<CodeNamed>(await api.GET('/api/catalog/brands/{id}', { params: { path: { id } } })),
  create: async (body) => ok(await api.POST('/api/catalog/brands', { body })),
  update: async (id, body) => ok(await api.PATCH('/api/catalog/brands/{id}', { params: { path: { id } }, body })),
  disable: async (id, expectedVersion) => ok(await api.POST('/api/catalog/brands/{id}/disable', { params: { path: { id } }, body: { expectedVersion } })),
  exportFile: { path: '/api/catalog/brands/export', fileName: 'brands.xlsx' },
  writePermission: 'catalog.product.write',
  importEntity: 'brands',
};

/** 基本信息 → 品牌 */
export default function Brands() {
  const { t } = useTranslation();
  const statusEnum = useStatusEnum();
  const columns: ProColumns<CodeNamed>[] = codeNameColumns(t, 'brand', statusEnum);
  return (
    <CatalogScreen<CodeNamed, BrandValues>
      title={t('menu.brands')}
      resource={resource}
      columns={columns}
      fields={
        <>
          <ProFormText name="code" label={t('brand.code')} colProps={{ span: 8 }} rules={[{ required: true }]} />
          <ProFormText name="name" label={t('brand.name')} colProps={{ span: 10 }} rules={[{ required: true }]} />
          <ProFormSelect name="status" label={t('common.status')} colProps={{ span: 6 }} valueEnum={statusEnum} allowClear={false} />
        </>
      }
      createTitle={t('brand.createTitle')}
      editTitle={t('brand.editTitle')}
      label={(r) => `${r.code} ${r.name}`}
      defaults={{ status: 'active' } as Partial<BrandValues>}
      toValues={(r) => ({ code: r.code, name: r.name, status: r.status }) as Partial<BrandValues>}
      width={560}
    />
  );
}
