import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDigit, ProFormSelect, ProFormSwitch, ProFormText, ProTable, type ProColumns } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';

interface Reason extends Record<string, unknown> {
  code: string;
  name: string;
  direction: 'in' | 'out' | 'both';
  active: boolean;
  sortOrder: number;
}
type ReasonValues = HqSchemas['CreateReasonDto'] & { active?: boolean };

/**
 * 基本信息 → 原因 (reason codes of stock adjustments, other receipts and issues). A short list kept
 * whole (no paging on the server); a reason is never deleted, only made inactive.
 */
export default function Reasons() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, me } = useAuth();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ReasonValues>();
  const [editing, setEditing] = useState<Reason | null>(null);
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const writable = can('inventory.settings') && me?.orgUnit.kind === 'hq';
  const list = useQuery({ queryKey: ['reasons'], queryFn: async () => ok<Reason[]>(await api.GET('/api/inventory/reasons')) });
  const directions = { in: { text: t('reason.direction.in') }, out: { text: t('reason.direction.out') }, both: { text: t('reason.direction.both') } };

  const show = (r: Reason | null) => {
    setEditing(r);
    setFailure(null);
    form.resetFields();
    form.setFieldsValue(r ? { code: r.code, name: r.name, direction: r.direction, sortOrder: r.sortOrder, active: r.active } : { direction: 'both', sortOrder: 0, active: true });
    setOpen(true);
  };
  const save = async (v: ReasonValues) => {
    setFailure(null);
    try {
      if (editing) await api.PATCH('/api/inventory/reasons/{code}', { params: { path: { code: editing.code } }, body: { name: v.name, direction: v.direction, sortOrder: v.sortOrder, active: v.active } });
      else await api.POST('/api/inventory/reasons', { body: { code: v.code, name: v.name, direction: v.direction, sortOrder: v.sortOrder } });
      void message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: ['reasons'] });
      return true;
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(e.fields.filter((f) => ['code', 'name', 'direction', 'sortOrder'].includes(f.field)).map((f) => ({ name: f.field as keyof ReasonValues, errors: [f.message] })));
        setFailure(e);
      }
      return false;
    }
  };

  const columns: ProColumns<Reason>[] = [
    { title: t('reason.code'), dataIndex: 'code', copyable: true },
    { title: t('reason.name'), dataIndex: 'name' },
    { title: t('reason.directionLabel'), dataIndex: 'direction', valueEnum: directions },
    { title: t('reason.sortOrder'), dataIndex: 'sortOrder', align: 'right' },
    { title: t('common.status'), dataIndex: 'active', renderText: (v: boolean) => (v ? t('status.active') : t('status.disabled')) },
    ...(writable ? [{ title: t('common.actions'), valueType: 'option' as const, key: 'actions', render: (_: unknown, r: Reason) => <a onClick={() => show(r)}>{t('common.edit')}</a> }] : []),
  ];
  return (
    <PageContainer title={t('menu.reasons')}>
      <ProTable<Reason>
        rowKey="code"
        headerTitle={t('menu.reasons')}
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.isPending}
        search={false}
        pagination={false}
        options={{ reload: () => void list.refetch(), density: true, setting: true }}
        toolBarRender={() =>
          writable
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => show(null)}>
                  {t('common.create')}
                </Button>,
              ]
            : []
        }
      />
      <ModalForm<ReasonValues>
        title={editing ? t('reason.editTitle') : t('reason.createTitle')}
        open={open}
        onOpenChange={setOpen}
        form={form}
        onFinish={save}
        width={560}
        grid
        modalProps={{ destroyOnClose: true, maskClosable: false }}
      >
        {failure && <Alert type="error" showIcon style={{ marginBottom: 16, width: '100%' }} message={failure.code} description={failure.message} />}
        <ProFormText name="code" label={t('reason.code')} colProps={{ span: 12 }} disabled={!!editing} rules={[{ required: true }]} />
        <ProFormText name="name" label={t('reason.name')} colProps={{ span: 12 }} rules={[{ required: true }]} />
        <ProFormSelect name="direction" label={t('reason.directionLabel')} colProps={{ span: 8 }} valueEnum={directions} allowClear={false} />
        <ProFormDigit name="sortOrder" label={t('reason.sortOrder')} colProps={{ span: 8 }} fieldProps={{ precision: 0 }} />
        {editing && <ProFormSwitch name="active" label={t('status.active')} colProps={{ span: 8 }} />}
      </ModalForm>
    </PageContainer>
  );
}
