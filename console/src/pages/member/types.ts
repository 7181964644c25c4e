import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../../lib/api';
import type { Option } from '../../lib/lookups';
import type { Page } from '../../lib/ServerTable';

export interface CardType extends Record<string, unknown> {
  id: string;
  code: string;
  name: string;
  pricing: 'discount' | 'member_price';
  discountRate: string | null;
  pointsRate: string;
  storedValueAllowed: boolean;
  validityMonths: number | null;
  status: 'active' | 'disabled';
  rowVersion: number;
}
export type CardState = 'made' | 'assigned' | 'issued' | 'lost' | 'replaced' | 'void';
export interface Card extends Record<string, unknown> {
  id: string;
  cardNo: string;
  scope: 'chain' | 'store';
  state: CardState;
  ownerStoreId: string | null;
  memberId: string | null;
  issuedAt: string | null;
  expiresAt: string | null;
  expired: boolean;
  pointsBalance: string;
  storedValueBalance: string;
  cardType: { id: string; code: string; name: string; storedValueAllowed: boolean } | null;
}
export interface CardEvent {
  id: string;
  at: string;
  action: string;
  fromState: CardState | null;
  toState: CardState;
  storeId: string | null;
  username: string | null;
  reason: string | null;
}
export interface Adjustment extends Record<string, unknown> {
  id: string;
  adjustmentNo: string;
  cardNo: string;
  account: 'points' | 'stored_value';
  delta: string;
  balanceBefore: string;
  balanceAfter: string;
  reason: string;
  createdAt?: string;
}

export function useCardTypes(): Option[] {
  const q = useQuery({ queryKey: ['lookup', 'card-types'], staleTime: 60_000, queryFn: async () => ok<Page<CardType>>(await api.GET('/api/member-card-types', { params: { query: { pageSize: 500 } } })).items.map((c) => ({ value: c.id, label: `${c.code} ${c.name}` })) });
  return q.data ?? [];
}
