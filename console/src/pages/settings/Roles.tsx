import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProForm, ProFormSelect, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Space, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { EntityForm } from '../../lib/EntityForm';
import { labelsOf, useStores } from '../../lib/lookups';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { PermissionPicker, usePermissionLabel } from './permissions';

export interface Role extends Record<string, unknown> {
  id: string;
  code: string;
  name: string;
  orgUnitId: string | null;
  permissions: string[];
  builtIn: boolean;
  rowVersion: number;
  updatedAt: string;
}
interface RoleValues extends Record<string, unknown> {
  code: string;
  name: string;
  orgUnitId?: string;
  permissions: string[];
}

/** 系统设置 → 角色 and 授权: a role's name and the permissions it grants (shown with their Chinese names). */
export default function Roles() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const stores = useStores();
  const label = usePermissionLabel();
  const actionRef = useRef<ActionType>();
  const [editing, setEditing] = useState<Role | undefined>();
  const [open, setOpen] = useState(false);
  const writable = can('identity.role.write');
  const show = (r?: Role) => {
    setEditing(r);
    setOpen(true);
  };
  const columns: ProColumns<Role>[] = [
    { title: t('role.code'), dataIndex: 'code', copyable: true, search: false, sorter: true },
    { title: t('role.name'), dataIndex: 'name', search: false, sorter: true },
    { title: t('role.org'), dataIndex: 'orgUnitId', valueType: 'select', valueEnum: labelsOf(stores), renderText: (v: string | null) => v ?? undefined, render: (dom, r) => (r.orgUnitId ? dom : <Tag>{t('role.chainWide')}</Tag>) },
    {
      title: t('role.permissions'),
      dataIndex: 'permissions',
      search: false,
      render: (_, r) => (
        <Space size={[4, 4]} wrap style={{ maxWidth: 560 }}>
          {r.permissions.slice(0, 8).map((p) => (
            <Tag key={p}>{label(p)}</Tag>
          ))}
          {r.permissions.length > 8 && <Tag>+{r.permissions.length - 8}</Tag>}
        </Space>
      ),
    },
    { title: t('role.builtIn'), dataIndex: 'builtIn', search: false, renderText: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
    ...(writable ? [{ title: t('common.actions'), valueType: 'option' as const, key: 'actions', fixed: 'right' as const, render: (_: unknown, r: Role) => <a onClick={() => show(r)}>{t('role.grant')}</a> }] : []),
  ];
  return (
    <PageContainer title={t('menu.roles')}>
      <ServerTable<Role>
        id="roles"
        headerTitle={t('menu.roles')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<Role>>(await api.GET('/api/roles', { params: { query: q } }))}
        toolBar={
          writable
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => show()}>
                  {t('common.create')}
                </Button>,
              ]
            : []
        }
      />
      {writable && (
        <EntityForm<Role, RoleValues>
          title={editing ? t('role.editTitle', { name: editing.name }) : t('role.createTitle')}
          open={open}
          onOpenChange={setOpen}
          record={editing}
          width={980}
          defaults={{ permissions: [] }}
          toValues={(r) => ({ code: r.code, name: r.name, orgUnitId: r.orgUnitId ?? undefined, permissions: r.permissions })}
          fetchRecord={async (id) => ok<Role>(await api.GET('/api/roles/{id}', { params: { path: { id } } }))}
          submit={async (v, r) =>
            r
              ? ok(await api.PATCH('/api/roles/{id}', { params: { path: { id: r.id } }, body: { name: v.name, permissions: v.permissions ?? [], expectedVersion: r.rowVersion } }))
              : ok(await api.POST('/api/roles', { body: { code: v.code, name: v.name, orgUnitId: v.orgUnitId, permissions: v.permissions ?? [] } }))
          }
          onSaved={() => {
            setOpen(false);
            void actionRef.current?.reload();
          }}
        >
          <ProFormText name="code" label={t('role.code')} colProps={{ span: 8 }} rules={[{ required: true }]} disabled={!!editing} />
          <ProFormText name="name" label={t('role.name')} colProps={{ span: 8 }} rules={[{ required: true }]} />
          <ProFormSelect name="orgUnitId" label={t('role.org')} colProps={{ span: 8 }} options={stores} disabled={!!editing} placeholder={t('role.chainWide')} />
          <ProForm.Item name="permissions" label={t('role.permissions')} colProps={{ span: 24 }}>
            <PermissionPicker disabled={editing?.builtIn && editing.code === 'hq-admin'} />
          </ProForm.Item>
        </EntityForm>
      )}
    </PageContainer>
  );
}
