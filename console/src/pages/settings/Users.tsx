import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormSelect, ProFormSwitch, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Space, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { EntityForm } from '../../lib/EntityForm';
import type { Option } from '../../lib/lookups';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import type { Role } from './Roles';

export interface User extends Record<string, unknown> {
  id: string;
  username: string;
  displayName: string;
  orgUnitId: string;
  orgUnitCode?: string;
  status: 'active' | 'disabled';
  lockedUntil: string | null;
  lastLoginAt: string | null;
  rowVersion: number;
  roles: { id: string; code: string; name: string }[];
}
interface UserValues extends Record<string, unknown> {
  username: string;
  displayName: string;
  password?: string;
  orgUnitId?: string;
  roleIds: string[];
  status?: 'active' | 'disabled';
}

function useOrgUnits(): Option[] {
  const q = useQuery({ queryKey: ['lookup', 'org-units'], staleTime: 300_000, queryFn: async () => ok<{ items: { id: string; code: string; name: string }[] }>(await api.GET('/api/org-units', { params: { query: { pageSize: 500 } } })).items.map((o) => ({ value: o.id, label: `${o.code} ${o.name}` })) });
  return q.data ?? [];
}
function useRoles(): Option[] {
  const q = useQuery({ queryKey: ['lookup', 'roles'], staleTime: 60_000, queryFn: async () => ok<Page<Role>>(await api.GET('/api/roles', { params: { query: { pageSize: 500 } } })).items.map((r) => ({ value: r.id, label: `${r.name} (${r.code})` })) });
  return q.data ?? [];
}

/** 系统设置 → 用户 (and 授权: the roles a user holds); password reset unlocks a locked account. */
export default function Users() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const orgs = useOrgUnits();
  const roles = useRoles();
  const actionRef = useRef<ActionType>();
  const [editing, setEditing] = useState<User | undefined>();
  const [open, setOpen] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const [resetError, setResetError] = useState<ApiError | null>(null);
  const writable = can('identity.user.write');
  const show = (u?: User) => {
    setEditing(u);
    setOpen(true);
  };
  const statusEnum = { active: { text: t('status.active'), status: 'Success' }, disabled: { text: t('status.disabled'), status: 'Default' } };
  const columns: ProColumns<User>[] = [
    { title: t('common.search'), dataIndex: 'search', hideInTable: true, fieldProps: { placeholder: t('user.searchHint') } },
    { title: t('user.username'), dataIndex: 'username', search: false, sorter: true, copyable: true },
    { title: t('user.displayName'), dataIndex: 'displayName', search: false },
    { title: t('user.org'), dataIndex: 'orgUnitId', valueType: 'select', fieldProps: { options: orgs, showSearch: true }, render: (_, u) => orgs.find((o) => o.value === u.orgUnitId)?.label ?? u.orgUnitCode },
    {
      title: t('user.roles'),
      dataIndex: 'roles',
      search: false,
      render: (_, u) => (
        <Space size={[4, 4]} wrap>
          {u.roles.map((r) => (
            <Tag key={r.id}>{r.name}</Tag>
          ))}
        </Space>
      ),
    },
    { title: t('common.status'), dataIndex: 'status', valueType: 'select', valueEnum: statusEnum },
    { title: t('user.lockedUntil'), dataIndex: 'lockedUntil', valueType: 'dateTime', search: false },
    { title: t('user.lastLoginAt'), dataIndex: 'lastLoginAt', valueType: 'dateTime', search: false },
    ...(writable
      ? [
          {
            title: t('common.actions'),
            valueType: 'option' as const,
            key: 'actions',
            fixed: 'right' as const,
            render: (_: unknown, u: User) => (
              <Space>
                <a onClick={() => show(u)}>{t('common.edit')}</a>
                <a onClick={() => (setResetError(null), setResetting(u))}>{t('user.resetPassword')}</a>
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <PageContainer title={t('menu.users')}>
      <ServerTable<User>
        id="users"
        headerTitle={t('menu.users')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<User>>(await api.GET('/api/users', { params: { query: q } }))}
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
        <EntityForm<User, UserValues>
          title={editing ? t('user.editTitle') : t('user.createTitle')}
          open={open}
          onOpenChange={setOpen}
          record={editing}
          defaults={{ roleIds: [] }}
          toValues={(u) => ({ username: u.username, displayName: u.displayName, orgUnitId: u.orgUnitId, roleIds: u.roles.map((r) => r.id), status: u.status })}
          fetchRecord={async (id) => ok<User>(await api.GET('/api/users/{id}', { params: { path: { id } } }))}
          submit={async (v, u) =>
            u
              ? ok(await api.PATCH('/api/users/{id}', { params: { path: { id: u.id } }, body: { displayName: v.displayName, roleIds: v.roleIds ?? [], status: v.status ?? undefined, expectedVersion: u.rowVersion } }))
              : ok(await api.POST('/api/users', { body: { username: v.username, displayName: v.displayName, password: v.password ?? '', orgUnitId: v.orgUnitId, roleIds: v.roleIds ?? [] } }))
          }
          onSaved={() => {
            setOpen(false);
            void actionRef.current?.reload();
          }}
        >
          <ProFormText name="username" label={t('user.username')} colProps={{ span: 8 }} rules={[{ required: true }]} disabled={!!editing} />
          <ProFormText name="displayName" label={t('user.displayName')} colProps={{ span: 8 }} rules={[{ required: true }]} />
          {!editing && <ProFormText.Password name="password" label={t('user.password')} colProps={{ span: 8 }} rules={[{ required: true }]} />}
          <ProFormSelect name="orgUnitId" label={t('user.org')} colProps={{ span: 8 }} options={orgs} disabled={!!editing} showSearch />
          <ProFormSelect name="roleIds" label={t('user.roles')} colProps={{ span: 16 }} options={roles} mode="multiple" showSearch />
          {editing && <ProFormSelect name="status" label={t('common.status')} colProps={{ span: 8 }} valueEnum={statusEnum} allowClear={false} />}
        </EntityForm>
      )}
      <ModalForm<{ newPassword: string; mustChange: boolean }>
        title={t('user.resetTitle', { name: resetting?.username ?? '' })}
        open={!!resetting}
        onOpenChange={(o) => !o && setResetting(null)}
        initialValues={{ mustChange: true }}
        modalProps={{ destroyOnClose: true }}
        width={480}
        onFinish={async (v) => {
          try {
            await api.PUT('/api/users/{id}/password', { params: { path: { id: resetting!.id } }, body: v });
            void message.success(t('common.saved'));
            void actionRef.current?.reload();
            return true;
          } catch (e) {
            if (e instanceof ApiError) setResetError(e);
            return false;
          }
        }}
      >
        {resetError && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={resetError.code} description={resetError.message} />}
        <ProFormText.Password name="newPassword" label={t('user.newPassword')} rules={[{ required: true, min: 8 }]} />
        <ProFormSwitch name="mustChange" label={t('user.mustChange')} />
      </ModalForm>
    </PageContainer>
  );
}
