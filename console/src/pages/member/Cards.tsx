import { SwapOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormSelect, ProFormText, ProFormTextArea, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Table, Tabs, Timeline, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ApiError, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { labelsOf, useStores } from '../../lib/lookups';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { formatMoney } from '../../lib/money';
import { useCardTypes, type Card, type CardEvent } from './types';

export function useCardStates() {
  const { t } = useTranslation();
  return Object.fromEntries(['made', 'assigned', 'issued', 'lost', 'replaced', 'void'].map((s) => [s, { text: t(`card.state.${s}`) }]));
}

/** A card and what happened to it (made, moved, issued, lost …), newest last. */
export function CardDrawer({ id, onClose }: { id: string | null; onClose(): void }) {
  const { t } = useTranslation();
  const states = useCardStates();
  const card = useQuery({
    queryKey: ['card', id],
    enabled: !!id,
    queryFn: async () => ok<Card & { events: CardEvent[] }>(await api.GET('/api/member-cards/{id}', { params: { path: { id: id! } } })),
  });
  const c = card.data;
  return (
    <Drawer open={!!id} onClose={onClose} width={820} title={c ? `${t('card.cardNo')} ${c.cardNo}` : ''} loading={card.isPending}>
      {c && (
        <>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('card.type')}>{c.cardType?.name ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('card.stateLabel')}>{states[c.state]?.text ?? c.state}</Descriptions.Item>
            <Descriptions.Item label={t('card.storedValue')}>{formatMoney(c.storedValueBalance)}</Descriptions.Item>
            <Descriptions.Item label={t('card.points')}>{c.pointsBalance}</Descriptions.Item>
            <Descriptions.Item label={t('card.issuedAt')}>{c.issuedAt ? new Date(c.issuedAt).toLocaleString() : '-'}</Descriptions.Item>
            <Descriptions.Item label={t('card.expiresAt')}>{c.expiresAt ? new Date(c.expiresAt).toLocaleDateString() : t('cardType.never')}</Descriptions.Item>
          </Descriptions>
          <Tabs
            style={{ marginTop: 16 }}
            items={[
              {
                key: 'events',
                label: t('card.events'),
                children: (
                  <Timeline
                    items={c.events.map((e) => ({
                      children: (
                        <>
                          <div>
                            {new Date(e.at).toLocaleString()} · {t(`card.action.${e.action}`, { defaultValue: e.action })} → {states[e.toState]?.text ?? e.toState}
                          </div>
                          <Typography.Text type="secondary">
                            {e.username ?? ''} {e.reason ?? ''}
                          </Typography.Text>
                        </>
                      ),
                    }))}
                  />
                ),
              },
              { key: 'ledger', label: t('card.ledger'), children: <CardLedger id={c.id} /> },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}

interface MoveValues {
  toStoreId: string;
  fromCardNo?: string;
  toCardNo?: string;
  cardNos?: string;
  reason: string;
}

/** Card numbers typed or scanned one per line (or separated by commas / spaces). */
export const cardList = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/[\s,，]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);

/**
 * A card action's dialog: the server's error (code and message, fields on their field) stays in
 * the dialog; success reloads the list.
 */
export function useActionFailure() {
  const [failure, setFailure] = useState<ApiError | null>(null);
  const shown = failure && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={failure.code} description={failure.message} data-testid="form-error" />;
  /** any failure shown in the dialog: the server's, or a network error as NETWORK */
  const fail = (e: unknown) => setFailure(e instanceof ApiError ? e : new ApiError(0, { statusCode: 0, code: 'NETWORK', message: String(e) }));
  return { failure: shown, setFailure, fail };
}

type LedgerRow = HqSchemas['MemberLedgerEntry'];

/** 卡流水: every points and stored-value change of the card with its document, newest first. */
function CardLedger({ id }: { id: string }) {
  const { t } = useTranslation();
  const stores = useStores('/api/member-cards/stores');
  const [page, setPage] = useState(1);
  const [account, setAccount] = useState<'points' | 'stored_value' | undefined>();
  const rows = useQuery({
    queryKey: ['card-ledger', id, page, account],
    queryFn: async () =>
      ok<Page<LedgerRow>>(await api.GET('/api/member-cards/{id}/ledger', { params: { path: { id }, query: { page, pageSize: 10, ...(account ? { account } : {}) } } })),
  });
  const amount = (r: LedgerRow, v: string) => (r.account === 'stored_value' ? formatMoney(v) : v);
  return (
    <Table<LedgerRow>
      data-testid="card-ledger"
      size="small"
      rowKey="id"
      loading={rows.isPending}
      dataSource={rows.data?.items ?? []}
      pagination={{ current: page, pageSize: 10, total: rows.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
      onChange={(_, filters) => {
        const f = filters.account?.[0] as 'points' | 'stored_value' | undefined;
        setAccount(f);
        setPage(1);
      }}
      columns={[
        { title: t('card.ledgerAt'), dataIndex: 'at', render: (v: string) => new Date(v).toLocaleString() },
        {
          title: t('memberCenter.account'),
          dataIndex: 'account',
          filters: [
            { text: t('card.storedValue'), value: 'stored_value' },
            { text: t('card.points'), value: 'points' },
          ],
          filterMultiple: false,
          render: (v: string) => (v === 'stored_value' ? t('card.storedValue') : t('card.points')),
        },
        { title: t('card.ledgerKind'), dataIndex: 'kind', render: (v: string) => t(`card.kind.${v}`, { defaultValue: v }) },
        { title: t('memberCenter.docNo'), dataIndex: 'docNo', render: (v: string | null) => v ?? '-' },
        { title: t('memberCenter.delta'), dataIndex: 'delta', align: 'right', render: (v: string, r) => amount(r, v) },
        { title: t('memberCenter.after'), dataIndex: 'balanceAfter', align: 'right', render: (v: string, r) => amount(r, v) },
        { title: t('card.store'), dataIndex: 'storeId', render: (v: string | null) => (v ? (stores.find((s) => s.value === v)?.label ?? v) : t('batch.atHq')) },
        { title: t('card.ledgerUser'), dataIndex: 'username', render: (v: string | null) => v ?? '-' },
      ]}
    />
  );
}

/** 会员管理 → 卡台账: every card, where it is, its state and balances; a card opens its history. */
export default function Cards() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, me } = useAuth();
  const stores = useStores('/api/member-cards/stores');
  const types = useCardTypes();
  const states = useCardStates();
  const [open, setOpen] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const [voiding, setVoiding] = useState<Card | null>(null);
  const moveFailure = useActionFailure();
  const voidFailure = useActionFailure();
  const table = useRef<ActionType>();
  // blank cards move between stores and are voided at HQ (卡务管理)
  const canManage = can('member.card.manage') && me?.orgUnit.kind === 'hq';
  const columns: ProColumns<Card>[] = [
    { title: t('card.cardNo'), dataIndex: 'cardNo', copyable: true, render: (_, c) => <a onClick={() => setOpen(c.id)}>{c.cardNo}</a> },
    { title: t('card.type'), dataIndex: 'cardTypeId', valueType: 'select', valueEnum: labelsOf(types), render: (_, c) => c.cardType?.name ?? '-' },
    { title: t('card.scope'), dataIndex: 'scope', valueType: 'select', valueEnum: { chain: { text: t('card.scopeChain') }, store: { text: t('card.scopeStore') } } },
    { title: t('card.stateLabel'), dataIndex: 'state', valueType: 'select', valueEnum: states },
    {
      title: t('card.store'),
      dataIndex: 'storeId',
      valueType: 'select',
      valueEnum: labelsOf(stores),
      render: (_, c) => stores.find((s) => s.value === c.ownerStoreId)?.label ?? t('batch.atHq'),
    },
    { title: t('card.storedValue'), dataIndex: 'storedValueBalance', search: false, align: 'right', renderText: (v: string) => formatMoney(v) },
    { title: t('card.points'), dataIndex: 'pointsBalance', search: false, align: 'right' },
    { title: t('card.issuedAt'), dataIndex: 'issuedAt', valueType: 'dateTime', search: false },
    { title: t('card.expiresAt'), dataIndex: 'expiresAt', valueType: 'date', search: false },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            search: false as const,
            render: (_: unknown, c: Card) =>
              c.state === 'made' || c.state === 'assigned' ? <a onClick={() => (voidFailure.setFailure(null), setVoiding(c))}>{t('card.void')}</a> : null,
          },
        ]
      : []),
  ];
  return (
    <PageContainer title={t('menu.cards')}>
      <ServerTable<Card>
        id="cards"
        headerTitle={t('menu.cards')}
        columns={columns}
        actionRef={table}
        toolBar={
          canManage
            ? [
                <Button key="move" icon={<SwapOutlined />} onClick={() => (moveFailure.setFailure(null), setMoving(true))}>
                  {t('card.move')}
                </Button>,
              ]
            : []
        }
        fetchPage={async (q: ListQuery) => ok<Page<Card>>(await api.GET('/api/member-cards', { params: { query: q } }))}
      />
      <CardDrawer id={open} onClose={() => setOpen(null)} />
      <ModalForm<MoveValues>
        name="card-move"
        title={t('card.moveTitle')}
        open={moving}
        onOpenChange={setMoving}
        width={560}
        modalProps={{ destroyOnClose: true, maskClosable: false }}
        onFinish={async (v) => {
          moveFailure.setFailure(null);
          const list = cardList(v.cardNos);
          const range = v.fromCardNo?.trim() ? { fromCardNo: v.fromCardNo.trim().toUpperCase(), toCardNo: (v.toCardNo?.trim() || v.fromCardNo).toUpperCase() } : {};
          try {
            const r = ok<HqSchemas['CardMoveResponse']>(
              await api.POST('/api/member-cards/move', { body: { toStoreId: v.toStoreId, reason: v.reason, ...(list.length ? { cardNos: list } : range) } }),
            );
            void message.success(t('card.moved', { count: r.moved }));
            void table.current?.reload();
            return true;
          } catch (e) {
            moveFailure.fail(e);
            return false;
          }
        }}
      >
        {moveFailure.failure}
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('card.moveHint')} />
        <ProFormSelect name="toStoreId" label={t('card.toStore')} options={stores} rules={[{ required: true }]} showSearch />
        <ProFormText name="fromCardNo" label={t('card.fromCardNo')} />
        <ProFormText name="toCardNo" label={t('card.toCardNo')} />
        <ProFormTextArea name="cardNos" label={t('card.cardNos')} placeholder={t('card.cardNosHint')} fieldProps={{ rows: 3 }} />
        <ProFormTextArea name="reason" label={t('memberCenter.reason')} rules={[{ required: true, min: 2 }]} fieldProps={{ maxLength: 200 }} />
      </ModalForm>
      <ModalForm<{ reason: string }>
        name="card-void"
        title={voiding ? t('card.voidTitle', { card: voiding.cardNo }) : ''}
        open={!!voiding}
        onOpenChange={(o) => !o && setVoiding(null)}
        width={480}
        modalProps={{ destroyOnClose: true, maskClosable: false }}
        onFinish={async (v) => {
          voidFailure.setFailure(null);
          try {
            await api.POST('/api/member-cards/{id}/void', { params: { path: { id: voiding!.id } }, body: { reason: v.reason } });
            void message.success(t('card.voided'));
            void table.current?.reload();
            return true;
          } catch (e) {
            voidFailure.fail(e);
            return false;
          }
        }}
      >
        {voidFailure.failure}
        <ProFormTextArea name="reason" label={t('memberCenter.reason')} rules={[{ required: true, min: 2 }]} fieldProps={{ maxLength: 200 }} />
      </ModalForm>
    </PageContainer>
  );
}
