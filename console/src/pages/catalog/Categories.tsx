import { ProFormSelect, ProFormText, ProFormTreeSelect } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Empty, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { CatalogScreen, type CatalogResource } from '../../lib/CatalogScreen';
import type { ListQuery, Page } from '../../lib/ServerTable';
import { codeNameColumns, useStatusEnum, type CodeNamed } from './shared';

interface Category extends CodeNamed {
  parentId: string | null;
}
type CategoryValues = HqSchemas['CreateCategoryDto'] & Record<string, unknown>;
type TreeNode = DataNode & { value: string; title: string; children: TreeNode[] };

const resource: CatalogResource<Category, CategoryValues> = {
  id: 'categories',
  list: async (q: ListQuery) => ok<Page<Category>>(await api.GET('/api/catalog/categories', { params: { query: q } })),
  get: async (id) => ok<Category>(await api.GET('/api/catalog/categories/{id}', { params: { path: { id } } })),
  create: async (body) => ok(await api.POST('/api/catalog/categories', { body })),
  update: async (id, body) => ok(await api.PATCH('/api/catalog/categories/{id}', { params: { path: { id } }, body })),
  disable: async (id, expectedVersion) => ok(await api.POST('/api/catalog/categories/{id}/disable', { params: { path: { id } }, body: { expectedVersion } })),
  exportFile: { path: '/api/catalog/categories/export', fileName: 'categories.xlsx' },
  writePermission: 'catalog.category.write',
  importEntity: 'categories',
};

/** The whole tree (a chain has tens to a few hundred categories: one page of 500). */
export function buildTree(rows: Category[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>(rows.map((r) => [r.id, { key: r.id, value: r.id, title: `${r.code} ${r.name}`, children: [] }]));
  const roots: TreeNode[] = [];
  for (const r of rows) {
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    (parent ? parent.children : roots).push(nodes.get(r.id)!);
  }
  return roots;
}

/** 基本信息 → 类别 (a tree of any depth) */
export default function Categories() {
  const { t } = useTranslation();
  const statusEnum = useStatusEnum();
  const queryClient = useQueryClient();
  const all = useQuery({
    queryKey: ['categories', 'tree'],
    queryFn: async () => ok<Page<Category>>(await api.GET('/api/catalog/categories', { params: { query: { pageSize: 500, sort: ['code'] } } })).items,
  });
  const rows = all.data ?? [];
  const names = Object.fromEntries(rows.map((r) => [r.id, `${r.code} ${r.name}`]));
  const tree = buildTree(rows);
  const columns = codeNameColumns<Category>(t, 'category', statusEnum, [
    { title: t('category.parent'), dataIndex: 'parentId', search: false, renderText: (v: string | null) => (v ? (names[v] ?? v) : '-') },
  ]);
  const reloadTree = () => void queryClient.invalidateQueries({ queryKey: ['categories'] });
  return (
    <>
      <Card title={t('category.tree')} size="small" style={{ margin: '16px 24px 0' }} loading={all.isPending}>
        {tree.length ? <Tree treeData={tree} defaultExpandAll showLine data-testid="category-tree" /> : <Empty />}
      </Card>
      <CatalogScreen<Category, CategoryValues>
        title={t('menu.categories')}
        resource={{ ...resource, create: async (v) => resource.create(v).finally(reloadTree), update: async (id, v) => resource.update(id, v).finally(reloadTree) }}
        columns={columns}
        fields={
          <>
            <ProFormText name="code" label={t('category.code')} colProps={{ span: 8 }} rules={[{ required: true }]} />
            <ProFormText name="name" label={t('category.name')} colProps={{ span: 16 }} rules={[{ required: true }]} />
            <ProFormTreeSelect
              name="parentId"
              label={t('category.parent')}
              colProps={{ span: 16 }}
              fieldProps={{ treeData: tree, allowClear: true, showSearch: true, treeNodeFilterProp: 'title', treeDefaultExpandAll: true }}
            />
            <ProFormSelect name="status" label={t('common.status')} colProps={{ span: 8 }} valueEnum={statusEnum} allowClear={false} />
          </>
        }
        createTitle={t('category.createTitle')}
        editTitle={t('category.editTitle')}
        label={(r) => `${r.code} ${r.name}`}
        defaults={{ status: 'active' }}
        toValues={(r) => ({ code: r.code, name: r.name, parentId: r.parentId, status: r.status })}
      />
    </>
  );
}
