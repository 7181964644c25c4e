import { ProFormSelect, ProFormText, type ProColumns } from '@ant-design/pro-components';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { CatalogScreen, type CatalogResource } from '../../lib/CatalogScreen';
import type { ListQuery, Page } from '../../lib/ServerTable';
import { codeNameColumns, useStatusEnum, type CodeNamed } from './shared';

type UnitValues = HqSchemas['CreateUnitDto'] & Record<string, unknown>;

const resource: CatalogResource<CodeNamed, UnitValues> = {
  id: 'units',
  list: async (q: ListQuery) => ok<Page<CodeNamed>>(await api.GET('/api/catalog/units', { params: { query: q } })),
  get: async (id) => ok<CodeNamed>(await api.GET('/api/catalog/units/{id}', { params: { path: { id } } })),
  create: async (body) => ok(await api.POST('/api/catalog/units', { body })),
  update: async (id, body) => ok(await api.PATCH('/api/catalog/units/{id}', { params: { path: { id } }, body })),
  disable: async (id, expectedVersion) => ok(await api.POST('/api/catalog/units/{id}/disable', { params: { path: { id } }, body: { expectedVersion } })),
  exportFile: { path: '/api/catalog/units/export', fileName: 'units.xlsx' },
  writePermission: 'catalog.product.write',
  importEntity: 'units',
};

/** 基本信息 → 计量单位 */
export default function Units() {
  const { t } = useTranslation();
  const statusEnum = useStatusEnum();
  const columns: ProColumns<CodeNamed>[] = codeNameColumns(t, 'unit', statusEnum);
  return (
    <CatalogScreen<CodeNamed, UnitValues>
      title={t('menu.units')}
      resource={resource}
      columns={columns}
      fields={
        <>
          <ProFormText name="code" label={t('unit.code')} colProps={{ span: 8 }} rules={[{ required: true }]} />
          <ProFormText name="name" label={t('unit.name')} colProps={{ span: 10 }} rules={[{ required: true }]} />
          <ProFormSelect name="status" label={t('common.status')} colProps={{ span: 6 }} valueEnum={statusEnum} allowClear={false} />
        </>
      }
      createTitle={t('unit.createTitle')}
      editTitle={t('unit.editTitle')}
      label={(r) => `${r.code} ${r.name}`}
      defaults={{ status: 'active' } as Partial<UnitValues>}
      toValues={(r) => ({ code: r.code, name: r.name, status: r.status }) as Partial<UnitValues>}
      width={560}
    />
  );
}
