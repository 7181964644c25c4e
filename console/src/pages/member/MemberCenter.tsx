import { SearchOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormRadio, ProFormSelect, ProFormText, ProFormTextArea, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card as Panel, Descriptions, Empty, Input, Radio, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { formatMoney } from '../../lib/money';
import { useStores } from '../../lib/lookups';
import { CardDrawer, useActionFailure, useCardStates } from './Cards';
import type { Adjustment, Card } from './types';

interface Member {
  id: string;
  name: string;
  mobile: string;
  birthday: string | null;
  homeStoreId: string | null;
}
interface Lookup {
  member: Member | null;
  cards: Card[];
}
interface AdjustValues {
  account: 'stored_value' | 'points';
  direction: 'add' | 'take';
  amount: string;
  reason: string;
}

/**
 * 会员管理 → 会员中心: look a member up by card or mobile, see the cards and balances, top up or take
 * off (an adjustment document with its reason: money never moves without one), and the history —
 * the card's adjustments and events.
 */
export default function MemberCenter() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, me } = useAuth();
  const states = useCardStates();
  const [by, setBy] = useState<'cardNo' | 'mobile'>('cardNo');
  const [text, setText] = useState('');
  const [query, setQuery] = useState<{ cardNo?: string; mobile?: string } | null>(null);
  const [adjusting, setAdjusting] = useState<Card | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const [eventsOf, setEventsOf] = useState<string | null>(null);
  const canAdjust = can('member.adjust') && me?.orgUnit.kind === 'hq';
  const canManage = can('member.card.manage') && me?.orgUnit.kind === 'hq';
  const stores = useStores('/api/member-cards/stores');
  const [losing, setLosing] = useState<Card | null>(null);
  const [replacing, setReplacing] = useState<{ card: Card; replaceId: string } | null>(null);
  const lostFailure = useActionFailure();
  const replaceFailure = useActionFailure();
  const found = useQuery({
    queryKey: ['member-lookup', query],
    enabled: !!query,
    retry: false,
    queryFn: async () => ok<Lookup>(await api.GET('/api/member-center/lookup', { params: { query: query! } })),
  });
  const lookupError = found.error instanceof ApiError ? found.error : null;

  const cardColumns = [
    { title: t('card.cardNo'), dataIndex: 'cardNo', render: (_: unknown, c: Card) => <a onClick={() => setEventsOf(c.id)}>{c.cardNo}</a> },
    { title: t('card.type'), dataIndex: 'cardType', render: (_: unknown, c: Card) => c.cardType?.name ?? '-' },
    {
      title: t('card.stateLabel'),
      dataIndex: 'state',
      render: (_: unknown, c: Card) => <Tag color={c.state === 'issued' ? 'green' : 'default'}>{states[c.state]?.text ?? c.state}</Tag>,
    },
    { title: t('card.storedValue'), dataIndex: 'storedValueBalance', align: 'right' as const, render: (v: string) => <span data-testid="stored-value">{formatMoney(v)}</span> },
    { title: t('card.points'), dataIndex: 'pointsBalance', align: 'right' as const },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, c: Card) => (
        <Space>
          {canAdjust && c.scope === 'chain' && (c.state === 'issued' || c.state === 'lost') && (
            <a onClick={() => (setFailure(null), setAdjusting(c))}>{t('memberCenter.adjust')}</a>
          )}
          {canManage && c.state === 'issued' && <a onClick={() => (lostFailure.setFailure(null), setLosing(c))}>{t('memberCenter.reportLost')}</a>}
          {canManage && (c.state === 'issued' || c.state === 'lost') && (
            // one replacement id per dialog: a retried submission is applied once by the server
            <a onClick={() => (replaceFailure.setFailure(null), setReplacing({ card: c, replaceId: crypto.randomUUID() }))}>{t('memberCenter.replace')}</a>
          )}
          <a onClick={() => setHistory(c.cardNo)}>{t('memberCenter.history')}</a>
        </Space>
      ),
    },
  ];
  const historyColumns: ProColumns<Adjustment>[] = [
    { title: t('memberCenter.docNo'), dataIndex: 'adjustmentNo', search: false, copyable: true },
    { title: t('memberCenter.account'), dataIndex: 'account', search: false, valueEnum: { stored_value: { text: t('card.storedValue') }, points: { text: t('card.points') } } },
    { title: t('memberCenter.delta'), dataIndex: 'delta', search: false, align: 'right', render: (_, r) => (r.account === 'stored_value' ? formatMoney(r.delta) : r.delta) },
    {
      title: t('memberCenter.before'),
      dataIndex: 'balanceBefore',
      search: false,
      align: 'right',
      render: (_, r) => (r.account === 'stored_value' ? formatMoney(r.balanceBefore) : r.balanceBefore),
    },
    {
      title: t('memberCenter.after'),
      dataIndex: 'balanceAfter',
      search: false,
      align: 'right',
      render: (_, r) => (r.account === 'stored_value' ? formatMoney(r.balanceAfter) : r.balanceAfter),
    },
    { title: t('memberCenter.reason'), dataIndex: 'reason', search: false },
    { title: t('common.createdAt'), dataIndex: 'createdAt', valueType: 'dateTime', search: false },
  ];

  return (
    <PageContainer title={t('menu.memberCenter')}>
      <Panel>
        <Space wrap>
          <Radio.Group
            value={by}
            onChange={(e) => setBy(e.target.value as 'cardNo' | 'mobile')}
            optionType="button"
            options={[
              { value: 'cardNo', label: t('card.cardNo') },
              { value: 'mobile', label: t('memberCenter.mobile') },
            ]}
          />
          <Input.Search
            style={{ width: 320 }}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={by === 'cardNo' ? t('memberCenter.cardHint') : t('memberCenter.mobileHint')}
            enterButton={
              <Button type="primary" icon={<SearchOutlined />}>
                {t('memberCenter.lookup')}
              </Button>
            }
            onSearch={(v) => v.trim() && setQuery(by === 'cardNo' ? { cardNo: v.trim().toUpperCase() } : { mobile: v.trim() })}
            data-testid="member-search"
          />
        </Space>
      </Panel>
      {lookupError && <Alert style={{ marginTop: 16 }} type="warning" showIcon message={lookupError.code} description={lookupError.message} />}
      {found.data && (
        <Panel style={{ marginTop: 16 }} title={t('memberCenter.member')}>
          {found.data.member ? (
            <Descriptions column={3} size="small">
              <Descriptions.Item label={t('memberCenter.name')}>{found.data.member.name}</Descriptions.Item>
              <Descriptions.Item label={t('memberCenter.mobile')}>{found.data.member.mobile}</Descriptions.Item>
              <Descriptions.Item label={t('memberCenter.birthday')}>{found.data.member.birthday ?? '-'}</Descriptions.Item>
            </Descriptions>
          ) : (
            <Empty description={t('memberCenter.blank')} />
          )}
          <Table<Card> rowKey="id" size="small" pagination={false} columns={cardColumns} dataSource={found.data.cards} style={{ marginTop: 12 }} data-testid="member-cards" />
        </Panel>
      )}
      {history && (
        <div style={{ marginTop: 16 }}>
          <ServerTable<Adjustment>
            key={history}
            id="member-adjustments"
            search={false}
            headerTitle={t('memberCenter.historyOf', { card: history })}
            columns={historyColumns}
            fetchPage={async (q: ListQuery) => ok<Page<Adjustment>>(await api.GET('/api/member-adjustments', { params: { query: { ...q, cardNo: history } } }))}
          />
        </div>
      )}
      <CardDrawer id={eventsOf} onClose={() => setEventsOf(null)} />
      <ModalForm<AdjustValues>
        title={adjusting ? t('memberCenter.adjustTitle', { card: adjusting.cardNo }) : ''}
        open={!!adjusting}
        onOpenChange={(o) => !o && setAdjusting(null)}
        width={520}
        initialValues={{ account: 'stored_value', direction: 'add' }}
        modalProps={{ destroyOnClose: true, maskClosable: false }}
        onFinish={async (v) => {
          setFailure(null);
          const amount = v.amount.trim();
          try {
            // one id per attempt: a retry of the same submission is applied once by the server
            await api.POST('/api/member-adjustments', {
              body: { id: crypto.randomUUID(), cardNo: adjusting!.cardNo, account: v.account, delta: v.direction === 'take' ? `-${amount}` : amount, reason: v.reason },
            });
            void message.success(t('common.saved'));
            void found.refetch();
            setHistory(adjusting!.cardNo);
            return true;
          } catch (e) {
            if (e instanceof ApiError) setFailure(e);
            return false;
          }
        }}
      >
        {failure && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={failure.code} description={failure.message} data-testid="form-error" />}
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('memberCenter.adjustHint')} />
        <ProFormRadio.Group
          name="account"
          label={t('memberCenter.account')}
          options={[
            { value: 'stored_value', label: t('card.storedValue') },
            { value: 'points', label: t('card.points') },
          ]}
        />
        <ProFormRadio.Group
          name="direction"
          label={t('memberCenter.direction')}
          options={[
            { value: 'add', label: t('memberCenter.add') },
            { value: 'take', label: t('memberCenter.take') },
          ]}
        />
        <ProFormText name="amount" label={t('memberCenter.amount')} rules={[{ required: true, pattern: /^\d+(\.\d{1,2})?$/, message: t('memberCenter.amountRule') }]} />
        <ProFormTextArea name="reason" label={t('memberCenter.reason')} rules={[{ required: true, min: 2 }]} fieldProps={{ maxLength: 200, showCount: true }} />
      </ModalForm>
      <ModalForm<{ storeId: string; reason: string }>
        name="card-lost"
        title={losing ? t('memberCenter.reportLostTitle', { card: losing.cardNo }) : ''}
        open={!!losing}
        onOpenChange={(o) => !o && setLosing(null)}
        width={480}
        initialValues={{ storeId: losing?.ownerStoreId ?? undefined }}
        modalProps={{ destroyOnClose: true, maskClosable: false }}
        onFinish={async (v) => {
          lostFailure.setFailure(null);
          try {
            await api.POST('/api/member-center/cards/report-lost', { params: { query: { storeId: v.storeId } }, body: { cardNo: losing!.cardNo, reason: v.reason } });
            void message.success(t('memberCenter.reportedLost'));
            void found.refetch();
            return true;
          } catch (e) {
            lostFailure.fail(e);
            return false;
          }
        }}
      >
        {lostFailure.failure}
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('memberCenter.reportLostHint')} />
        <ProFormSelect name="storeId" label={t('memberCenter.actingStore')} options={stores} rules={[{ required: true }]} showSearch />
        <ProFormTextArea name="reason" label={t('memberCenter.reason')} rules={[{ required: true, min: 2 }]} fieldProps={{ maxLength: 200 }} />
      </ModalForm>
      <ModalForm<{ storeId: string; newCardNo: string; reason: string }>
        name="card-replace"
        title={replacing ? t('memberCenter.replaceTitle', { card: replacing.card.cardNo }) : ''}
        open={!!replacing}
        onOpenChange={(o) => !o && setReplacing(null)}
        width={520}
        initialValues={{ storeId: replacing?.card.ownerStoreId ?? undefined }}
        modalProps={{ destroyOnClose: true, maskClosable: false }}
        onFinish={async (v) => {
          replaceFailure.setFailure(null);
          const { card, replaceId } = replacing!;
          const newCardNo = v.newCardNo.trim().toUpperCase();
          try {
            await api.POST('/api/member-center/cards/replace', {
              params: { query: { storeId: v.storeId } },
              body: { replaceId, lostCardNo: card.cardNo, newCardNo, reason: v.reason },
            });
            void message.success(t('memberCenter.replaced', { card: newCardNo }));
            // the member now holds the new card: show the member's cards (the old one is 已换卡)
            const mobile = found.data?.member?.mobile;
            if (mobile) {
              setBy('mobile');
              setText(mobile);
              setQuery({ mobile });
            } else {
              setBy('cardNo');
              setText(newCardNo);
              setQuery({ cardNo: newCardNo });
            }
            void found.refetch();
            return true;
          } catch (e) {
            replaceFailure.fail(e);
            return false;
          }
        }}
      >
        {replaceFailure.failure}
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('memberCenter.replaceHint')} />
        <ProFormSelect name="storeId" label={t('memberCenter.actingStore')} options={stores} rules={[{ required: true }]} showSearch />
        <ProFormText name="newCardNo" label={t('memberCenter.newCardNo')} rules={[{ required: true, pattern: /^[A-Za-z0-9]{4,40}$/ }]} />
        <ProFormTextArea name="reason" label={t('memberCenter.reason')} rules={[{ required: true, min: 2 }]} fieldProps={{ maxLength: 200 }} />
      </ModalForm>
    </PageContainer>
  );
}
