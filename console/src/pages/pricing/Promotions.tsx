import { PlusOutlined } from '@ant-design/icons';
import {
  ProFormDateTimePicker,
  ProFormDependency,
  ProFormDigit,
  ProFormList,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProFormTextArea,
  ProFormTimePicker,
  type ActionType,
  type ProColumns,
} from '@ant-design/pro-components';
import { App, Button, Space, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { EntityForm } from '../../lib/EntityForm';
import { useLookups } from '../../lib/lookups';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { isoTime, searchProducts, shortTime, useStores } from './pricing-lookups';

export const KINDS = ['special_price', 'percent_off', 'spend_save', 'buy_get', 'nth_discount', 'bundle', 'points'] as const;
type Kind = (typeof KINDS)[number];

export interface Promotion extends Record<string, unknown> {
  id: string;
  rowVersion: number;
  code: string;
  name: string;
  kind: Kind;
  status: 'draft' | 'approved' | 'stopped' | 'cancelled';
  priority: number;
  stackable: boolean;
  storeIds: string[] | null;
  startsAt: string;
  endsAt: string | null;
  membersOnly: boolean;
}
type Scope = { productIds?: string[]; categoryIds?: string[] };
type Rules = Record<string, unknown> & { scope?: Scope; buy?: { scope?: Scope; quantity?: number }; get?: { scope?: Scope; quantity?: number } };
type Values = Record<string, unknown> & {
  name?: string;
  kind?: Kind;
  rules?: Rules;
  storeIds?: string[];
  startsAt?: string;
  endsAt?: string;
  daysOfWeek?: number[];
  timeFrom?: string;
  timeTo?: string;
  membersOnly?: boolean;
  priority?: number;
  stackable?: boolean;
  note?: string;
};

/** A scope as the API takes it: empty lists left out ({} = every line). */
const scopeOf = (s?: Scope): Scope => ({ ...(s?.productIds?.length ? { productIds: s.productIds } : {}), ...(s?.categoryIds?.length ? { categoryIds: s.categoryIds } : {}) });
const hhmm = (v: unknown) => (v ? String(v).slice(0, 5) : undefined);

/** The rules of each kind as the API takes them (docs/promotions.md "The kinds"). */
export function rulesOf(kind: Kind, r: Rules = {}): Record<string, unknown> {
  switch (kind) {
    case 'special_price':
      return {
        items: ((r.items as Array<Record<string, string>>) ?? []).map((i) => ({
          productId: i.productId,
          price: i.price,
          ...(i.maxQuantity ? { maxQuantity: i.maxQuantity } : {}),
        })),
      };
    case 'percent_off':
      return { scope: scopeOf(r.scope), percent: r.percent };
    case 'spend_save':
      return { scope: scopeOf(r.scope), tiers: ((r.tiers as Array<Record<string, string>>) ?? []).map((x) => ({ spend: x.spend, save: x.save })) };
    case 'buy_get': {
      const getScope = scopeOf(r.get?.scope);
      return { buy: { scope: scopeOf(r.buy?.scope), quantity: r.buy?.quantity }, get: { quantity: r.get?.quantity, ...(Object.keys(getScope).length ? { scope: getScope } : {}) } };
    }
    case 'nth_discount':
      return { scope: scopeOf(r.scope), n: r.n, percent: r.percent };
    case 'bundle':
      return {
        components: ((r.components as Array<{ productId: string; quantity: number }>) ?? []).map((c) => ({ productId: c.productId, quantity: c.quantity })),
        price: r.price,
        ...(r.maxSets ? { maxSets: r.maxSets } : {}),
      };
    case 'points':
      return { scope: scopeOf(r.scope), multiplier: r.multiplier };
  }
}

/** 价格促销 → 促销活动: every kind with its own form; stores, period, days and hours, members, priority, stacking; approve and stop. */
export default function Promotions() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { can } = useAuth();
  const stores = useStores();
  const { categories } = useLookups();
  const action = useRef<ActionType>();
  const [open, setOpen] = useState(false);
  const kindEnum = Object.fromEntries(KINDS.map((k) => [k, { text: t(`promotion.kinds.${k}`) }]));
  const statusEnum = {
    draft: { text: t('pricing.status.draft'), status: 'Default' },
    approved: { text: t('pricing.status.approved'), status: 'Success' },
    stopped: { text: t('pricing.status.stopped'), status: 'Warning' },
    cancelled: { text: t('pricing.status.cancelled'), status: 'Error' },
  };
  const weekdays = ['1', '2', '3', '4', '5', '6', '7'].map((d) => ({ label: t(`promotion.weekdays.${d}`), value: Number(d) }));

  const run = async (call: () => Promise<unknown>) => {
    try {
      await call();
      void message.success(t('common.saved'));
      void action.current?.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  };
  const withReason = (title: string, placeholder: string, go: (reason: string) => Promise<unknown>) => {
    let reason = '';
    modal.confirm({
      title,
      content: <input aria-label={placeholder} placeholder={placeholder} style={{ width: '100%' }} onChange={(e) => (reason = e.target.value)} />,
      onOk: () => run(() => go(reason || title)),
    });
  };

  const columns: ProColumns<Promotion>[] = [
    { title: t('pricing.code'), dataIndex: 'code', copyable: true, search: false, fixed: 'left' },
    { title: t('promotion.name'), dataIndex: 'name', search: false },
    { title: t('promotion.kind'), dataIndex: 'kind', valueType: 'select', valueEnum: kindEnum },
    { title: t('common.status'), dataIndex: 'status', valueType: 'select', valueEnum: statusEnum },
    { title: t('promotion.startsAt'), dataIndex: 'startsAt', search: false, renderText: shortTime },
    { title: t('promotion.endsAt'), dataIndex: 'endsAt', search: false, renderText: shortTime },
    {
      title: t('pricing.stores'),
      dataIndex: 'storeIds',
      search: false,
      render: (_, r) =>
        r.storeIds?.length ? r.storeIds.map((id) => <Tag key={id}>{stores.find((s) => s.value === id)?.label ?? id}</Tag>) : <Tag color="blue">{t('pricing.allStores')}</Tag>,
    },
    { title: t('promotion.priority'), dataIndex: 'priority', search: false },
    { title: t('promotion.stackable'), dataIndex: 'stackable', search: false, renderText: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
    { title: t('promotion.membersOnly'), dataIndex: 'membersOnly', search: false, renderText: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
    {
      title: t('common.actions'),
      valueType: 'option',
      fixed: 'right',
      render: (_, r) => (
        <Space>
          {r.status === 'draft' && can('pricing.promotion.approve') && (
            <a
              onClick={() =>
                modal.confirm({
                  title: `${t('pricing.approve')} ${r.code}`,
                  onOk: () => run(async () => ok(await api.POST('/api/pricing/promotions/{id}/approve', { params: { path: { id: r.id } } }))),
                })
              }
            >
              {t('pricing.approve')}
            </a>
          )}
          {r.status === 'draft' && can('pricing.promotion.write') && (
            <a
              onClick={() =>
                withReason(`${t('pricing.cancel')} ${r.code}`, t('pricing.cancelReason'), async (reason) =>
                  ok(await api.POST('/api/pricing/promotions/{id}/cancel', { params: { path: { id: r.id } }, body: { reason } })),
                )
              }
            >
              {t('pricing.cancel')}
            </a>
          )}
          {r.status === 'approved' && can('pricing.promotion.approve') && (
            <a
              onClick={() =>
                withReason(`${t('pricing.stop')} ${r.code}`, t('pricing.stopReason'), async (reason) =>
                  ok(await api.POST('/api/pricing/promotions/{id}/stop', { params: { path: { id: r.id } }, body: { reason } })),
                )
              }
            >
              {t('pricing.stop')}
            </a>
          )}
        </Space>
      ),
    },
  ];

  const productSelect = (name: (string | number)[], label: string, multiple = false, required = false) => (
    <ProFormSelect
      name={name}
      label={label}
      mode={multiple ? 'multiple' : undefined}
      showSearch
      request={({ keyWords }) => searchProducts(keyWords)}
      debounceTime={300}
      rules={required ? [{ required: true, message: t('pricing.pickProduct') }] : undefined}
      colProps={{ span: multiple ? 12 : 10 }}
    />
  );
  const scope = (prefix: string[]) => (
    <>
      {productSelect([...prefix, 'productIds'], t('promotion.scopeProducts'), true)}
      <ProFormSelect name={[...prefix, 'categoryIds']} label={t('promotion.scopeCategories')} mode="multiple" options={categories} showSearch colProps={{ span: 12 }} />
    </>
  );
  const kindFields: Record<Kind, JSX.Element> = {
    special_price: (
      <ProFormList name={['rules', 'items']} label={t('promotion.items')} min={1} creatorButtonProps={{ creatorButtonText: t('pricing.addLine') }} colProps={{ span: 24 }}>
        {productSelect(['productId'], t('pricing.product'), false, true)}
        <ProFormText name="price" label={t('promotion.price')} colProps={{ span: 6 }} rules={[{ required: true }]} />
        <ProFormText name="maxQuantity" label={t('promotion.maxQuantity')} colProps={{ span: 6 }} />
      </ProFormList>
    ),
    percent_off: (
      <>
        {scope(['rules', 'scope'])}
        <ProFormText name={['rules', 'percent']} label={t('promotion.percent')} colProps={{ span: 8 }} rules={[{ required: true }]} />
      </>
    ),
    spend_save: (
      <>
        {scope(['rules', 'scope'])}
        <ProFormList name={['rules', 'tiers']} label={t('promotion.tiers')} min={1} creatorButtonProps={{ creatorButtonText: t('promotion.addTier') }} colProps={{ span: 24 }}>
          <ProFormText name="spend" label={t('promotion.spend')} colProps={{ span: 8 }} rules={[{ required: true }]} />
          <ProFormText name="save" label={t('promotion.save')} colProps={{ span: 8 }} rules={[{ required: true }]} />
        </ProFormList>
      </>
    ),
    buy_get: (
      <>
        {scope(['rules', 'buy', 'scope'])}
        <ProFormDigit
          name={['rules', 'buy', 'quantity']}
          label={t('promotion.buyQuantity')}
          colProps={{ span: 6 }}
          fieldProps={{ precision: 0 }}
          min={1}
          rules={[{ required: true }]}
        />
        <ProFormDigit
          name={['rules', 'get', 'quantity']}
          label={t('promotion.getQuantity')}
          colProps={{ span: 6 }}
          fieldProps={{ precision: 0 }}
          min={1}
          rules={[{ required: true }]}
        />
        {productSelect(['rules', 'get', 'scope', 'productIds'], t('promotion.getProducts'), true)}
      </>
    ),
    nth_discount: (
      <>
        {scope(['rules', 'scope'])}
        <ProFormDigit name={['rules', 'n']} label={t('promotion.n')} colProps={{ span: 6 }} fieldProps={{ precision: 0 }} min={2} rules={[{ required: true }]} />
        <ProFormText name={['rules', 'percent']} label={t('promotion.nthPercent')} colProps={{ span: 6 }} rules={[{ required: true }]} />
      </>
    ),
    bundle: (
      <>
        <ProFormList
          name={['rules', 'components']}
          label={t('promotion.components')}
          min={2}
          creatorButtonProps={{ creatorButtonText: t('pricing.addLine') }}
          colProps={{ span: 24 }}
        >
          {productSelect(['productId'], t('pricing.product'), false, true)}
          <ProFormDigit name="quantity" label={t('promotion.quantity')} colProps={{ span: 6 }} fieldProps={{ precision: 0 }} min={1} rules={[{ required: true }]} />
        </ProFormList>
        <ProFormText name={['rules', 'price']} label={t('promotion.bundlePrice')} colProps={{ span: 8 }} rules={[{ required: true }]} />
        <ProFormDigit name={['rules', 'maxSets']} label={t('promotion.maxSets')} colProps={{ span: 8 }} fieldProps={{ precision: 0 }} min={1} />
      </>
    ),
    points: (
      <>
        {scope(['rules', 'scope'])}
        <ProFormText name={['rules', 'multiplier']} label={t('promotion.multiplier')} colProps={{ span: 8 }} rules={[{ required: true }]} />
      </>
    ),
  };

  return (
    <>
      <ServerTable<Promotion>
        id="promotions"
        headerTitle={t('menu.promotions')}
        columns={columns}
        actionRef={action}
        fetchPage={async (q: ListQuery) => ok<Page<Promotion>>(await api.GET('/api/pricing/promotions', { params: { query: q } }))}
        toolBar={
          can('pricing.promotion.write')
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
                  {t('promotion.newPromotion')}
                </Button>,
              ]
            : []
        }
      />
      <EntityForm<Promotion, Values>
        title={t('promotion.newPromotion')}
        open={open}
        onOpenChange={setOpen}
        width={960}
        defaults={{ kind: 'spend_save', priority: 0, stackable: true, membersOnly: false, rules: { tiers: [{}], items: [{}], components: [{}, {}] } }}
        toValues={() => ({})}
        fetchRecord={async (id) => ok<Promotion>(await api.GET('/api/pricing/promotions/{id}', { params: { path: { id } } }))}
        submit={async (v) =>
          ok(
            await api.POST('/api/pricing/promotions', {
              body: {
                name: v.name!,
                kind: v.kind!,
                // nullable and free-form fields are typed loosely by the generated schema
                rules: rulesOf(v.kind!, v.rules) as never,
                storeIds: v.storeIds?.length ? v.storeIds : undefined,
                startsAt: isoTime(v.startsAt)!,
                endsAt: isoTime(v.endsAt) as never,
                daysOfWeek: v.daysOfWeek?.length ? v.daysOfWeek : undefined,
                timeFrom: hhmm(v.timeFrom) as never,
                timeTo: hhmm(v.timeTo) as never,
                membersOnly: !!v.membersOnly,
                priority: v.priority ?? 0,
                stackable: v.stackable !== false,
                note: v.note as never,
              },
            }),
          )
        }
        onSaved={() => {
          setOpen(false);
          void action.current?.reload();
        }}
      >
        <ProFormText name="name" label={t('promotion.name')} colProps={{ span: 14 }} rules={[{ required: true }]} />
        <ProFormSelect name="kind" label={t('promotion.kind')} colProps={{ span: 10 }} valueEnum={kindEnum} allowClear={false} rules={[{ required: true }]} />
        <ProFormDependency name={['kind']}>{({ kind }: { kind?: Kind }) => (kind ? kindFields[kind] : null)}</ProFormDependency>
        <ProFormSelect name="storeIds" label={t('pricing.stores')} colProps={{ span: 24 }} mode="multiple" options={stores} placeholder={t('pricing.allStores')} />
        <ProFormDateTimePicker name="startsAt" label={t('promotion.startsAt')} colProps={{ span: 12 }} rules={[{ required: true }]} fieldProps={{ style: { width: '100%' } }} />
        <ProFormDateTimePicker name="endsAt" label={t('promotion.endsAt')} colProps={{ span: 12 }} fieldProps={{ style: { width: '100%' } }} />
        <ProFormSelect name="daysOfWeek" label={t('promotion.daysOfWeek')} colProps={{ span: 12 }} mode="multiple" options={weekdays} />
        <ProFormTimePicker name="timeFrom" label={t('promotion.timeFrom')} colProps={{ span: 6 }} fieldProps={{ format: 'HH:mm' }} />
        <ProFormTimePicker name="timeTo" label={t('promotion.timeTo')} colProps={{ span: 6 }} fieldProps={{ format: 'HH:mm' }} />
        <ProFormDigit name="priority" label={t('promotion.priority')} colProps={{ span: 6 }} fieldProps={{ precision: 0 }} min={-1000} max={1000} />
        <ProFormSwitch name="stackable" label={t('promotion.stackable')} colProps={{ span: 6 }} />
        <ProFormSwitch name="membersOnly" label={t('promotion.membersOnly')} colProps={{ span: 6 }} />
        <ProFormTextArea name="note" label={t('promotion.note')} colProps={{ span: 24 }} fieldProps={{ rows: 2 }} />
      </EntityForm>
    </>
  );
}
