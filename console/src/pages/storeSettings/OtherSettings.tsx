import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Descriptions, Form, Input, Radio, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { storeApi } from '../../lib/storeApi';
import { usePosSettings } from './usePosSettings';

const errText = (e: unknown) => (e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));

/** 通用设置: selling without stock and store purchasing, which HQ sets for the store (read here). */
export function GeneralSettings() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const storeId = me!.orgUnit.id;
  const settings = useQuery({
    queryKey: ['inventory-settings', storeId],
    queryFn: async () =>
      (await storeApi.GET('/api/inventory/settings/{orgUnitId}', { params: { path: { orgUnitId: storeId } } })).data as unknown as {
        allowNegativeStock: boolean;
        nearExpiryDays: number;
      },
  });
  const negative = useQuery({
    queryKey: ['negative-stock'],
    queryFn: async () => (await storeApi.GET('/api/pos/negative-stock')).data as unknown as { items?: unknown[]; total?: number } | unknown[],
    retry: false,
  });
  const count = Array.isArray(negative.data) ? negative.data.length : (negative.data?.total ?? negative.data?.items?.length ?? 0);
  return (
    <PageContainer title={t('menu.generalSettings')}>
      <Card loading={settings.isPending}>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('settings.generalFromHq')} />
        <Descriptions
          column={1}
          bordered
          size="small"
          items={[
            {
              label: t('settings.noStockSelling'),
              children: settings.data ? (
                <Space>
                  <Checkbox checked={!settings.data.allowNegativeStock} disabled data-testid="no-stock-selling" />
                  {settings.data.allowNegativeStock ? t('settings.negativeAllowed') : t('settings.negativeRefused')}
                </Space>
              ) : null,
            },
            { label: t('settings.nearExpiryDays'), children: settings.data?.nearExpiryDays },
            { label: t('settings.negativeNow'), children: negative.isError ? '—' : count },
          ]}
        />
      </Card>
    </PageContainer>
  );
}

/** 会员设置: which cards this store issues, and the member center's address. */
export function MemberSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const [form] = Form.useForm<{ cardMode: 'chain' | 'store' | 'both'; memberCenterUrl: string }>();
  const [failure, setFailure] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['member-settings'],
    queryFn: async () => (await storeApi.GET('/api/membership/settings')).data as unknown as { cardMode: 'chain' | 'store' | 'both'; memberCenterUrl: string | null },
  });
  useEffect(() => {
    if (q.data) form.setFieldsValue({ cardMode: q.data.cardMode, memberCenterUrl: q.data.memberCenterUrl ?? '' });
  }, [q.data, form]);
  const save = async (v: { cardMode: 'chain' | 'store' | 'both'; memberCenterUrl: string }) => {
    setFailure(null);
    try {
      await storeApi.PUT('/api/membership/settings', { body: { cardMode: v.cardMode, memberCenterUrl: v.memberCenterUrl?.trim() ? v.memberCenterUrl.trim() : null } });
      void message.success(t('common.saved'));
    } catch (e) {
      if (e instanceof ApiError) form.setFields(e.fields.map((f) => ({ name: f.field as never, errors: [f.message] })));
      setFailure(errText(e));
    }
  };
  return (
    <PageContainer title={t('menu.memberSettings')}>
      <Card loading={q.isPending} style={{ maxWidth: 720 }}>
        {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)} disabled={!can('member.settings')}>
          <Form.Item name="cardMode" label={t('settings.cardMode')}>
            <Radio.Group options={(['chain', 'store', 'both'] as const).map((v) => ({ value: v, label: t(`settings.cardModes.${v}`) }))} />
          </Form.Item>
          <Form.Item name="memberCenterUrl" label={t('settings.memberCenterUrl')} extra={t('settings.memberCenterHint')}>
            <Input placeholder="http://hq.example.com:3000" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.save')}
          </Button>
        </Form>
      </Card>
    </PageContainer>
  );
}

interface Method {
  id: string;
  code: string;
  name: string;
  type: string;
  allowsChange: boolean;
  enabled: boolean;
  status: string;
}
/** 付款方式: which of HQ's payment methods the till offers here, and in which order. */
export function PaymentMethodSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const { settings, save } = usePosSettings();
  const methods = useQuery({
    queryKey: ['payment-methods'],
    queryFn: async () =>
      ((await api.GET('/api/catalog/payment-methods', { params: { query: { pageSize: 100 } as never } })).data as unknown as { items: Method[] }).items.filter(
        (m) => m.status === 'active' && m.enabled,
      ),
  });
  const [order, setOrder] = useState<string[]>([]);
  const [on, setOn] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (!methods.data || !settings) return;
    const enabled = settings.paymentMethods.enabled;
    const ids = methods.data.map((m) => m.id);
    setOrder(enabled ? [...enabled.filter((id) => ids.includes(id)), ...ids.filter((id) => !enabled.includes(id))] : ids);
    setOn(new Set(enabled ?? ids));
  }, [methods.data, settings]);
  const byId = new Map((methods.data ?? []).map((m) => [m.id, m]));
  const move = (i: number, d: -1 | 1) =>
    setOrder((o) => {
      const n = [...o];
      [n[i], n[i + d]] = [n[i + d], n[i]];
      return n;
    });
  const submit = async () => {
    try {
      await save('paymentMethods', { enabled: order.filter((id) => on.has(id)) });
      void message.success(t('common.saved'));
    } catch (e) {
      void message.error(errText(e));
    }
  };
  return (
    <PageContainer
      title={t('menu.paymentMethods')}
      extra={
        can('pos.settings') && (
          <Button type="primary" onClick={() => void submit()}>
            {t('common.save')}
          </Button>
        )
      }
    >
      <Card>
        <Typography.Paragraph type="secondary">{t('settings.paymentHint')}</Typography.Paragraph>
        <Table
          rowKey={(id) => id}
          size="small"
          pagination={false}
          loading={methods.isPending}
          dataSource={order}
          columns={[
            { title: t('settings.tillOrder'), key: 'n', width: 80, render: (_, __, i) => i + 1 },
            { title: t('settings.methodCode'), key: 'code', render: (_, id) => byId.get(id)?.code },
            { title: t('settings.methodName'), key: 'name', render: (_, id) => byId.get(id)?.name },
            { title: t('settings.methodType'), key: 'type', render: (_, id) => <Tag>{byId.get(id)?.type}</Tag> },
            { title: t('settings.givesChange'), key: 'change', render: (_, id) => (byId.get(id)?.allowsChange ? t('common.yes') : t('common.no')) },
            {
              title: t('settings.enabledHere'),
              key: 'on',
              render: (_, id) => (
                <Checkbox
                  checked={on.has(id)}
                  disabled={!can('pos.settings')}
                  onChange={(e) =>
                    setOn((s) => {
                      const n = new Set(s);
                      if (e.target.checked) n.add(id);
                      else n.delete(id);
                      return n;
                    })
                  }
                />
              ),
            },
            {
              title: '',
              key: 'move',
              render: (_, __, i) => (
                <Space>
                  <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0 || !can('pos.settings')} onClick={() => move(i, -1)} />
                  <Button size="small" icon={<ArrowDownOutlined />} disabled={i === order.length - 1 || !can('pos.settings')} onClick={() => move(i, 1)} />
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </PageContainer>
  );
}

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  status: string;
  lastLoginAt: string | null;
  lockedUntil: string | null;
  roles: { code: string; name: string }[];
}
/** 用户与角色 of this store (kept at HQ, synced): who may do what at the till. */
export function StoreUsers() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const users = useQuery({
    queryKey: ['store-users'],
    queryFn: async () =>
      ((await storeApi.GET('/api/users', { params: { query: { pageSize: 100, orgUnitId: me!.orgUnit.id } as never } })).data as unknown as { items: UserRow[] }).items,
    enabled: can('identity.user.read'),
  });
  const perms = useQuery({
    queryKey: ['pos-permissions'],
    queryFn: async () =>
      (await storeApi.GET('/api/pos/settings/permissions')).data as unknown as { code: string; name?: string; description?: string; roles: { code: string; name: string }[] }[],
    enabled: can('pos.settings'),
  });
  return (
    <PageContainer title={t('menu.storeUsers')}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('settings.usersFromHq')} />
      <Tabs
        items={[
          {
            key: 'users',
            label: t('settings.users'),
            children: (
              <Table<UserRow>
                rowKey="id"
                size="small"
                loading={users.isFetching}
                dataSource={users.data ?? []}
                pagination={false}
                columns={[
                  { title: t('login.username'), dataIndex: 'username' },
                  { title: t('settings.displayName'), dataIndex: 'displayName' },
                  { title: t('settings.roles'), key: 'roles', render: (_, u) => u.roles.map((r) => <Tag key={r.code}>{r.name}</Tag>) },
                  {
                    title: t('common.status'),
                    dataIndex: 'status',
                    render: (s: string, u) =>
                      u.lockedUntil && new Date(u.lockedUntil) > new Date() ? (
                        <Tag color="red">{t('settings.locked')}</Tag>
                      ) : (
                        <Tag color={s === 'active' ? 'green' : 'default'}>{t(`status.${s}`, { defaultValue: s })}</Tag>
                      ),
                  },
                  { title: t('settings.lastLogin'), dataIndex: 'lastLoginAt', render: (v: string | null) => (v ? new Date(v).toLocaleString() : '—') },
                ]}
              />
            ),
          },
          {
            key: 'pos',
            label: t('settings.posRights'),
            children: (
              <Table
                rowKey="code"
                size="small"
                loading={perms.isFetching}
                dataSource={perms.data ?? []}
                pagination={false}
                columns={[
                  { title: t('settings.permission'), dataIndex: 'code' },
                  { title: t('settings.permissionName'), key: 'n', render: (_, p) => p.name ?? p.description ?? '' },
                  { title: t('settings.roles'), key: 'roles', render: (_, p) => p.roles.map((r) => <Tag key={r.code}>{r.name}</Tag>) },
                ]}
              />
            ),
          },
        ]}
      />
    </PageContainer>
  );
}
