import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProFormDigit, ProFormSelect, ProFormSwitch, ProFormText, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { EntityForm } from '../../lib/EntityForm';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import type { CardType } from './types';

interface CardTypeValues extends Record<string, unknown> {
  code: string;
  name: string;
  pricing: 'discount' | 'member_price';
  discountRate: string | null;
  pointsRate: string;
  storedValueAllowed: boolean;
  validityMonths: number | null;
  status: 'active' | 'disabled';
}

/** 会员管理 → 卡类型: pricing (discount or member price), points rate, stored value, validity. */
export default function CardTypes() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const actionRef = useRef<ActionType>();
  const [editing, setEditing] = useState<CardType | undefined>();
  const [open, setOpen] = useState(false);
  const writable = can('member.settings') && me?.orgUnit.kind === 'hq';
  const pricing = { discount: { text: t('cardType.pricingDiscount') }, member_price: { text: t('cardType.pricingMember') } };
  const statusEnum = { active: { text: t('status.active'), status: 'Success' }, disabled: { text: t('status.disabled'), status: 'Default' } };
  const show = (r?: CardType) => {
    setEditing(r);
    setOpen(true);
  };
  const columns: ProColumns<CardType>[] = [
    { title: t('cardType.code'), dataIndex: 'code', search: false },
    { title: t('cardType.name'), dataIndex: 'name', search: false },
    { title: t('cardType.pricing'), dataIndex: 'pricing', search: false, valueEnum: pricing },
    { title: t('cardType.discountRate'), dataIndex: 'discountRate', search: false, align: 'right' },
    { title: t('cardType.pointsRate'), dataIndex: 'pointsRate', search: false, align: 'right' },
    { title: t('cardType.storedValueAllowed'), dataIndex: 'storedValueAllowed', search: false, renderText: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
    { title: t('cardType.validityMonths'), dataIndex: 'validityMonths', search: false, renderText: (v: number | null) => v ?? t('cardType.never') },
    { title: t('common.status'), dataIndex: 'status', valueType: 'select', valueEnum: statusEnum },
    ...(writable ? [{ title: t('common.actions'), valueType: 'option' as const, key: 'a', render: (_: unknown, r: CardType) => <a onClick={() => show(r)}>{t('common.edit')}</a> }] : []),
  ];
  return (
    <PageContainer title={t('menu.cardTypes')}>
      <ServerTable<CardType>
        id="card-types"
        headerTitle={t('menu.cardTypes')}
        actionRef={actionRef}
        columns={columns}
        fetchPage={async (q: ListQuery) => ok<Page<CardType>>(await api.GET('/api/member-card-types', { params: { query: q } }))}
        toolBar={writable ? [<Button key="c" type="primary" icon={<PlusOutlined />} onClick={() => show()}>{t('common.create')}</Button>] : []}
      />
      {writable && (
        <EntityForm<CardType, CardTypeValues>
          title={editing ? t('cardType.editTitle') : t('cardType.createTitle')}
          open={open}
          onOpenChange={setOpen}
          record={editing}
          defaults={{ pricing: 'discount', pointsRate: '1', storedValueAllowed: true, status: 'active' }}
          toValues={(r) => ({ code: r.code, name: r.name, pricing: r.pricing, discountRate: r.discountRate, pointsRate: r.pointsRate, storedValueAllowed: r.storedValueAllowed, validityMonths: r.validityMonths, status: r.status })}
          fetchRecord={async (id) => ok<CardType>(await api.GET('/api/member-card-types/{id}', { params: { path: { id } } }))}
          submit={async (v, r) => {
            const common = { name: v.name, pricing: v.pricing, pointsRate: v.pointsRate, storedValueAllowed: v.storedValueAllowed, validityMonths: v.validityMonths ?? undefined };
            return r
              ? ok(await api.PATCH('/api/member-card-types/{id}', { params: { path: { id: r.id } }, body: { ...common, discountRate: v.discountRate, status: v.status, expectedVersion: r.rowVersion } }))
              : ok(await api.POST('/api/member-card-types', { body: { ...common, code: v.code, discountRate: v.discountRate ?? undefined } }));
          }}
          onSaved={() => {
            setOpen(false);
            void actionRef.current?.reload();
          }}
        >
          <ProFormText name="code" label={t('cardType.code')} colProps={{ span: 8 }} rules={[{ required: true }]} disabled={!!editing} />
          <ProFormText name="name" label={t('cardType.name')} colProps={{ span: 8 }} rules={[{ required: true }]} />
          <ProFormSelect name="pricing" label={t('cardType.pricing')} colProps={{ span: 8 }} valueEnum={pricing} allowClear={false} />
          <ProFormText name="discountRate" label={t('cardType.discountRate')} colProps={{ span: 8 }} placeholder="0.95" />
          <ProFormText name="pointsRate" label={t('cardType.pointsRate')} colProps={{ span: 8 }} rules={[{ required: true }]} />
          <ProFormDigit name="validityMonths" label={t('cardType.validityMonths')} colProps={{ span: 8 }} fieldProps={{ precision: 0 }} />
          <ProFormSwitch name="storedValueAllowed" label={t('cardType.storedValueAllowed')} colProps={{ span: 8 }} />
          {editing && <ProFormSelect name="status" label={t('common.status')} colProps={{ span: 8 }} valueEnum={statusEnum} allowClear={false} />}
        </EntityForm>
      )}
    </PageContainer>
  );
}
