import { type RequestContext } from '../common/request-context';
import { type TransactionalConnection } from '../common/transactional-connection';
import { CARD_FLOW, type CardAction, type CardState, type MemberCard, MemberCardEvent } from './membership.entity';

export interface CardChange {
  card: Pick<MemberCard, 'id' | 'state'>;
  action: CardAction;
  to: CardState;
  storeId: string | null;
  reason?: string | null;
  refId?: string | null;
}

/**
 * Appends card_event rows (who, when, why, from/to state, store) in the caller's transaction,
 * refusing transitions the card lifecycle does not allow. The caller updates the card rows.
 */
export async function writeCardEvents(connection: TransactionalConnection, tx: RequestContext, changes: CardChange[]): Promise<void> {
  if (!changes.length) return;
  for (const c of changes) if (c.action !== 'make') CARD_FLOW.assertTransition(c.card.state, c.to);
  await connection.repo(tx, MemberCardEvent).insert(
    changes.map((c) => ({
      cardId: c.card.id,
      action: c.action,
      fromState: c.action === 'make' ? null : c.card.state,
      toState: c.to,
      storeId: c.storeId,
      userId: tx.userId,
      username: tx.user?.username ?? null,
      reason: c.reason ?? null,
      refId: c.refId ?? null,
    })),
  );
}
