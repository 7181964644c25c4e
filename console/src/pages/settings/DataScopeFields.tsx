import { ProFormDependency, ProFormSelect, ProFormSwitch, ProFormTreeSelect } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../lib/api';
import type { Option } from '../../lib/lookups';
import { buildTree } from '../catalog/Categories';

interface Row {
  id: string;
  code?: string;
  username?: string;
  name?: string;
  displayName?: string;
  parentId?: string | null;
  rowVersion?: number;
  status?: 'active' | 'disabled';
  updatedAt?: string;
}
const opt = (r: Row): Option => ({ value: r.id, label: `${r.code ?? r.username ?? ''} ${r.name ?? r.displayName ?? ''}`.trim() });
const BIG = 500;

/** The lists a data scope picks from (a chain has hundreds of each at most: one page of 500). */
function useScopeLists() {
  const categories = useQuery({ queryKey: ['scope', 'categories'], queryFn: async () => ok<{ items: Row[] }>(await api.GET('/api/catalog/categories', { params: { query: { pageSize: BIG, status: 'active' } } })).items });
  const suppliers = useQuery({ queryKey: ['scope', 'suppliers'], queryFn: async () => ok<{ items: Row[] }>(await api.GET('/api/catalog/suppliers', { params: { query: { pageSize: BIG, status: 'active' } } })).items.map(opt) });
  const customers = useQuery({ queryKey: ['scope', 'customers'], queryFn: async () => ok<{ items: Row[] }>(await api.GET('/api/catalog/customers', { params: { query: { pageSize: BIG, status: 'active' } } })).items.map(opt) });
  const users = useQuery({ queryKey: ['scope', 'users'], queryFn: async () => ok<{ items: Row[] }>(await api.GET('/api/users', { params: { query: { pageSize: BIG, status: 'active' } } })).items.map(opt) });
  const cats = (categories.data ?? []).map((c) => ({ id: c.id, rowVersion: 0, code: c.code ?? '', name: c.name ?? '', parentId: c.parentId ?? null, status: 'active' as const, updatedAt: '' }));
  return { categoryTree: buildTree(cats), suppliers: suppliers.data ?? [], customers: customers.data ?? [], users: users.data ?? [] };
}

/**
 * 门店基础资料: which of HQ's base data a store sees — everything, or chosen categories (each with
 * its subtree), suppliers, customers and further users. Fields named as `DataScopeDto` under `prefix`.
 */
export function DataScopeFields({ prefix = [] as string[] }: { prefix?: string[] }) {
  const { t } = useTranslation();
  const lists = useScopeLists();
  const part = (all: string, ids: string, label: string, field: (name: string[]) => JSX.Element) => (
    <>
      <ProFormSwitch name={[...prefix, all]} label={t(`scope.${all}`)} colProps={{ span: 6 }} />
      <ProFormDependency name={[[...prefix, all]]}>
        {(values) => {
          let v: unknown = values;
          for (const k of [...prefix, all]) v = (v as Record<string, unknown> | undefined)?.[k];
          return v === false ? field([...prefix, ids]) : <div style={{ width: '75%' }} />;
        }}
      </ProFormDependency>
      <span hidden>{label}</span>
    </>
  );
  return (
    <>
      {part('allCategories', 'categoryIds', 'categories', (name) => (
        <ProFormTreeSelect name={name} label={t('scope.categoryIds')} colProps={{ span: 18 }} fieldProps={{ treeData: lists.categoryTree, multiple: true, treeCheckable: true, showCheckedStrategy: 'SHOW_PARENT', treeNodeFilterProp: 'title' }} />
      ))}
      {part('allSuppliers', 'supplierIds', 'suppliers', (name) => (
        <ProFormSelect name={name} label={t('scope.supplierIds')} colProps={{ span: 18 }} mode="multiple" options={lists.suppliers} showSearch />
      ))}
      {part('allCustomers', 'customerIds', 'customers', (name) => (
        <ProFormSelect name={name} label={t('scope.customerIds')} colProps={{ span: 18 }} mode="multiple" options={lists.customers} showSearch />
      ))}
      <ProFormSwitch name={[...prefix, 'allUsers']} label={t('scope.allUsers')} colProps={{ span: 6 }} />
      <ProFormSelect name={[...prefix, 'userIds']} label={t('scope.userIds')} colProps={{ span: 18 }} mode="multiple" options={lists.users} showSearch />
    </>
  );
}

export interface DataScope {
  allCategories: boolean;
  categoryIds: string[];
  allSuppliers: boolean;
  supplierIds: string[];
  allCustomers: boolean;
  customerIds: string[];
  allUsers: boolean;
  userIds: string[];
}
export const FULL_SCOPE: DataScope = { allCategories: true, categoryIds: [], allSuppliers: true, supplierIds: [], allCustomers: true, customerIds: [], allUsers: true, userIds: [] };

/** A scope as the API takes it: the id lists only where "all" is off (users: always). */
export function scopeBody(s: Partial<DataScope>): DataScope {
  return {
    allCategories: s.allCategories !== false,
    categoryIds: s.allCategories === false ? (s.categoryIds ?? []) : [],
    allSuppliers: s.allSuppliers !== false,
    supplierIds: s.allSuppliers === false ? (s.supplierIds ?? []) : [],
    allCustomers: s.allCustomers !== false,
    customerIds: s.allCustomers === false ? (s.customerIds ?? []) : [],
    allUsers: s.allUsers !== false,
    userIds: s.userIds ?? [],
  };
}
