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
import { useQuery } from '@tanstack/react-query';
import { App, Button, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { EntityForm } from '../../lib/EntityForm';
import { useLookups, type Option } from '../../lib/lookups';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { isoTime, productLabels, productRequest, shortTime, useStores } from './pricing-lookups';

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
  rules?: Rules;
  daysOfWeek?: number[] | null;
  timeFrom?: string | null;
  timeTo?: string | null;
  cardTypeIds?: string[] | null;
  note?: string | null;
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
  cardTypeIds?: string[];
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

/** Every product a promotion's rules name (items, scopes, the gift, bundle components). */
export function productIdsOf(r: Rules = {}): string[] {
  const rows = (k: string) => ((r[k] as Array<{ productId?: string }>) ?? []).map((x) => x.productId);
  return [...rows('items'), ...rows('components'), ...(r.scope?.productIds ?? []), ...(r.buy?.scope?.productIds ?? []), ...(r.get?.scope?.productIds ?? [])].filter(
    (id): id is string => !!id,
  );
}

/** A pickers' value for a local hour 'HH:mm'. */
const hourValue = (v?: string | null) => (v ? dayjs(`2000-01-01T${v}`) : undefined);

/** A draft as the form shows it: the rules as saved (the form's fields follow the API's shape), times as dayjs values. */
const toValues = (p: Promotion): Values => ({
  name: p.name,
  kind: p.kind,
  rules: p.rules ?? {},
  storeIds: p.storeIds ?? [],
  startsAt: dayjs(p.startsAt) as never,
  endsAt: (p.endsAt ? dayjs(p.endsAt) : undefined) as never,
  daysOfWeek: p.daysOfWeek ?? [],
  timeFrom: hourValue(p.timeFrom) as never,
  timeTo: hourValue(p.timeTo) as never,
  membersOnly: p.membersOnly,
  cardTypeIds: p.cardTypeIds ?? [],
  priority: p.priority,
  stackable: p.stackable,
  note: p.note ?? undefined,
});

const getPromotion = async (id: string) => ok<Promotion>(await api.GET('/api/pricing/promotions/{id}', { params: { path: { id } } }));

/** 价格促销 → 促销活动: every kind with its own form; stores, period, days and hours, members, priority, stacking; approve and stop. */
export default function Promotions() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { can } = useAuth();
  const stores = useStores();
  const { categories } = useLookups();
  const action = useRef<ActionType>();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<{ promotion: Promotion; products: Option[] } | undefined>();
  // the member card types a promotion may be limited to (readable with member.read; otherwise the saved ids are kept as they are)
  const cardTypes = useQuery({
    queryKey: ['lookup', 'card-types'],
    enabled: can('member.read'),
    staleTime: 300_000,
    queryFn: async () =>
      ok<{ items: { id: string; code: string; name: string }[] }>(await api.GET('/api/member-card-types', { params: { query: { pageSize: 500 } } })).items.map((c) => ({
        label: `${c.code} ${c.name}`,
        value: c.id,
      })),
  });
  const cardTypeOptions = [
    ...(cardTypes.data ?? []),
    ...(editing?.promotion.cardTypeIds ?? []).filter((id) => !cardTypes.data?.some((o) => o.value === id)).map((id) => ({ label: id, value: id })),
  ];
  const edit = async (r: Promotion) => {
    try {
      const promotion = await getPromotion(r.id);
      setEditing({ promotion, products: await productLabels(productIdsOf(promotion.rules)) });
      setOpen(true);
    } catch (e) {
      void message.error(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  };
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
          {r.status === 'draft' && can('pricing.promotion.write') && (
            <a onClick={() => void edit(r)} data-testid="promotion-edit">
              {t('common.edit')}
            </a>
          )}
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
      request={productRequest(editing?.products ?? [])}
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
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => (setEditing(undefined), setOpen(true))}>
                  {t('promotion.newPromotion')}
                </Button>,
              ]
            : []
        }
      />
      <EntityForm<Promotion, Values>
        title={editing ? `${t('common.edit')} ${editing.promotion.code}` : t('promotion.newPromotion')}
        formName="promotion"
        open={open}
        onOpenChange={setOpen}
        record={editing?.promotion}
        width={960}
        defaults={{ kind: 'spend_save', priority: 0, stackable: true, membersOnly: false, rules: { tiers: [{}], items: [{}], components: [{}, {}] } }}
        toValues={toValues}
        fetchRecord={getPromotion}
        submit={async (v, record) => {
          const body = {
            name: v.name!,
            kind: v.kind!,
            // nullable and free-form fields are typed loosely by the generated schema
            rules: rulesOf(v.kind!, v.rules ?? undefined) as never,
            storeIds: v.storeIds?.length ? v.storeIds : undefined,
            startsAt: isoTime(v.startsAt)!,
            endsAt: isoTime(v.endsAt) as never,
            daysOfWeek: v.daysOfWeek?.length ? v.daysOfWeek : undefined,
            timeFrom: hhmm(v.timeFrom) as never,
            timeTo: hhmm(v.timeTo) as never,
            membersOnly: !!v.membersOnly,
            cardTypeIds: v.cardTypeIds?.length ? v.cardTypeIds : undefined,
            priority: v.priority ?? 0,
            stackable: v.stackable !== false,
            note: (v.note ?? undefined) as never,
          };
          return record
            ? ok(await api.PUT('/api/pricing/promotions/{id}', { params: { path: { id: record.id } }, body: { ...body, expectedVersion: record.rowVersion } }))
            : ok(await api.POST('/api/pricing/promotions', { body }));
        }}
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
        <ProFormSelect
          name="cardTypeIds"
          label={t('promotion.cardTypes')}
          colProps={{ span: 24 }}
          mode="multiple"
          options={cardTypeOptions}
          placeholder={t('promotion.anyCardType')}
          tooltip={t('promotion.cardTypesHint')}
        />
        <ProFormTextArea name="note" label={t('promotion.note')} colProps={{ span: 24 }} fieldProps={{ rows: 2 }} />
      </EntityForm>
    </>
  );
}
