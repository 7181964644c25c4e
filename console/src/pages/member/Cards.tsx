import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Descriptions, Drawer, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../lib/api';
import { labelsOf, useStores } from '../../lib/lookups';
import { ServerTable, type ListQuery, type Page } from '../../lib/ServerTable';
import { formatMoney } from '../catalog/Products';
import { useCardTypes, type Card, type CardEvent } from './types';

export function useCardStates() {
  const { t } = useTranslation();
  return Object.fromEntries(['made', 'assigned', 'issued', 'lost', 'replaced', 'void'].map((s) => [s, { text: t(`card.state.${s}`) }]));
}

/** A card and what happened to it (made, moved, issued, lost …), newest last. */
export function CardDrawer({ id, onClose }: { id: string | null; onClose(): void }) {
  const { t } = useTranslation();
  const states = useCardStates();
  const card = useQuery({ queryKey: ['card', id], enabled: !!id, queryFn: async () => ok<Card & { events: CardEvent[] }>(await api.GET('/api/member-cards/{id}', { params: { path: { id: id! } } })) });
  const c = card.data;
  return (
    <Drawer open={!!id} onClose={onClose} width={560} title={c ? `${t('card.cardNo')} ${c.cardNo}` : ''} loading={card.isPending}>
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
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('card.events')}
          </Typography.Title>
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
        </>
      )}
    </Drawer>
  );
}

/** 会员管理 → 卡台账: every card, where it is, its state and balances; a card opens its history. */
export default function Cards() {
  const { t } = useTranslation();
  const stores = useStores();
  const types = useCardTypes();
  const states = useCardStates();
  const [open, setOpen] = useState<string | null>(null);
  const columns: ProColumns<Card>[] = [
    { title: t('card.cardNo'), dataIndex: 'cardNo', copyable: true, render: (_, c) => <a onClick={() => setOpen(c.id)}>{c.cardNo}</a> },
    { title: t('card.type'), dataIndex: 'cardTypeId', valueType: 'select', valueEnum: labelsOf(types), render: (_, c) => c.cardType?.name ?? '-' },
    { title: t('card.scope'), dataIndex: 'scope', valueType: 'select', valueEnum: { chain: { text: t('card.scopeChain') }, store: { text: t('card.scopeStore') } } },
    { title: t('card.stateLabel'), dataIndex: 'state', valueType: 'select', valueEnum: states },
    { title: t('card.store'), dataIndex: 'storeId', valueType: 'select', valueEnum: labelsOf(stores), render: (_, c) => stores.find((s) => s.value === c.ownerStoreId)?.label ?? t('batch.atHq') },
    { title: t('card.storedValue'), dataIndex: 'storedValueBalance', search: false, align: 'right', renderText: (v: string) => formatMoney(v) },
    { title: t('card.points'), dataIndex: 'pointsBalance', search: false, align: 'right' },
    { title: t('card.issuedAt'), dataIndex: 'issuedAt', valueType: 'dateTime', search: false },
    { title: t('card.expiresAt'), dataIndex: 'expiresAt', valueType: 'date', search: false },
  ];
  return (
    <PageContainer title={t('menu.cards')}>
      <ServerTable<Card> id="cards" headerTitle={t('menu.cards')} columns={columns} fetchPage={async (q: ListQuery) => ok<Page<Card>>(await api.GET('/api/member-cards', { params: { query: q } }))} />
      <CardDrawer id={open} onClose={() => setOpen(null)} />
    </PageContainer>
  );
}
