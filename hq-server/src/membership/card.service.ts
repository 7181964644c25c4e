import {
  assertInScope,
  cardView,
  CardView,
  defineSort,
  DomainException,
  MemberCard,
  MemberCardEvent,
  MemberCardType,
  MemberError,
  MemberLedgerEntry,
  notFound,
  Page,
  paginate,
  RequestContext,
  scopeQuery,
  TransactionalConnection,
  writeCardEvents,
} from '@chain-erp/shared';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { CardLedgerQueryDto, CardQueryDto, CardReportQueryDto, MoveCardsDto, VoidCardDto } from './card.dto';
import { assertActiveStore, assertHq } from './membership.rules';

export const CARD_LEDGER_SORT = defineSort({ at: 'e.at' }, '-at');
export const CARD_SORT = defineSort({ cardNo: 'c.cardNo', state: 'c.state', issuedAt: 'c.issuedAt', createdAt: 'c.createdAt' }, 'cardNo');

export interface CardReportRow {
  storeId: string | null;
  storeCode: string | null;
  storeName: string | null;
  scope: string;
  state: string;
  count: number;
}

/** The card ledger (卡台账): where every card is and what happened to it. */
@Injectable()
export class CardService {
  constructor(private readonly connection: TransactionalConnection) {}

  list(ctx: RequestContext, q: CardQueryDto): Promise<Page<MemberCard>> {
    const qb = this.connection.repo(ctx, MemberCard).createQueryBuilder('c');
    scopeQuery(ctx, qb, 'c.owner_store_id', q.storeId);
    if (q.state) qb.andWhere('c.state = :state', { state: q.state });
    if (q.scope) qb.andWhere('c.scope = :scope', { scope: q.scope });
    if (q.cardTypeId) qb.andWhere('c.card_type_id = :typeId', { typeId: q.cardTypeId });
    if (q.batchId) qb.andWhere('c.batch_id = :batchId', { batchId: q.batchId });
    if (q.cardNo) qb.andWhere('c.card_no LIKE :no', { no: `${q.cardNo}%` });
    return paginate(qb, q, CARD_SORT);
  }

  /** Cards by holding store, scope and state (HQ's own stock of made cards shows with a null store). */
  async report(ctx: RequestContext, q: CardReportQueryDto): Promise<CardReportRow[]> {
    const qb = this.connection
      .manager(ctx)
      .createQueryBuilder()
      .from(MemberCard, 'c')
      .leftJoin('org_unit', 'o', 'o.id = c.owner_store_id')
      .select(['c.owner_store_id AS "storeId"', 'o.code AS "storeCode"', 'o.name AS "storeName"', 'c.scope AS scope', 'c.state AS state', 'count(*)::int AS count'])
      .groupBy('c.owner_store_id, o.code, o.name, c.scope, c.state')
      .orderBy('o.code', 'ASC', 'NULLS FIRST')
      .addOrderBy('c.scope')
      .addOrderBy('c.state');
    scopeQuery(ctx, qb, 'c.owner_store_id', q.storeId);
    return qb.getRawMany<CardReportRow>();
  }

  async get(ctx: RequestContext, id: string): Promise<CardView & { events: MemberCardEvent[] }> {
    const card = await this.connection.repo(ctx, MemberCard).findOneBy({ id });
    if (!card) throw notFound('card', id);
    assertInScope(ctx, card.ownerStoreId, 'card');
    const type = await this.connection.repo(ctx, MemberCardType).findOneBy({ id: card.cardTypeId });
    const events = await this.connection.repo(ctx, MemberCardEvent).find({ where: { cardId: id }, order: { at: 'ASC' } });
    return { ...cardView(card, type), events };
  }

  /**
   * 卡流水: every balance change of the card — points earned and redeemed, top-ups, payments,
   * refunds, adjustments, balances moved by a replacement — each with its document number, the
   * balance before and after, the store and the user. Scoped like the card itself.
   */
  async ledger(ctx: RequestContext, id: string, q: CardLedgerQueryDto): Promise<Page<MemberLedgerEntry>> {
    const card = await this.connection.repo(ctx, MemberCard).findOneBy({ id });
    if (!card) throw notFound('card', id);
    assertInScope(ctx, card.ownerStoreId, 'card');
    const qb = this.connection.repo(ctx, MemberLedgerEntry).createQueryBuilder('e').where('e.cardId = :id', { id });
    if (q.account) qb.andWhere('e.account = :account', { account: q.account });
    return paginate(qb, q, CARD_LEDGER_SORT);
  }

  /** Gives unissued cards (made or held by a store) to a store; all of them or none. */
  async move(ctx: RequestContext, dto: MoveCardsDto): Promise<{ moved: number; toStoreId: string }> {
    assertHq(ctx, 'card moves');
    return this.connection.withTransaction(ctx, async (tx) => {
      await assertActiveStore(this.connection, tx, dto.toStoreId, 'toStoreId');
      const cards = await this.lockForMove(tx, dto);
      const stuck = cards.filter((c) => c.state !== 'made' && c.state !== 'assigned');
      if (stuck.length) {
        throw new DomainException(MemberError.MEMBER_CARD_NOT_MOVABLE, 'only blank cards can move between stores / 只有空卡可以调拨', undefined, {
          cards: stuck.slice(0, 50).map((c) => ({ cardNo: c.cardNo, state: c.state })),
        });
      }
      await writeCardEvents(
        this.connection,
        tx,
        cards.map((card) => ({ card, action: card.state === 'made' ? 'assign' : 'move', to: 'assigned', storeId: dto.toStoreId, reason: dto.reason })),
      );
      await this.connection
        .manager(tx)
        .query(`UPDATE member_card SET state = 'assigned', owner_store_id = $2, row_version = row_version + 1, updated_at = now() WHERE id = ANY($1::uuid[])`, [
          cards.map((c) => c.id),
          dto.toStoreId,
        ]);
      return { moved: cards.length, toStoreId: dto.toStoreId };
    });
  }

  /** 作废 a blank card (damaged, misprinted); issued cards are reported lost or replaced instead. */
  async void(ctx: RequestContext, id: string, dto: VoidCardDto): Promise<CardView> {
    assertHq(ctx, 'card voiding');
    return this.connection.withTransaction(ctx, async (tx) => {
      const repo = this.connection.repo(tx, MemberCard);
      const card = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!card) throw notFound('card', id);
      await writeCardEvents(this.connection, tx, [{ card, action: 'void', to: 'void', storeId: card.ownerStoreId, reason: dto.reason }]);
      card.state = 'void';
      const saved = await repo.save(card);
      return cardView(saved, await this.connection.repo(tx, MemberCardType).findOneBy({ id: card.cardTypeId }));
    });
  }

  /** The named cards (or the run from..to inside one batch), locked in card-number order so concurrent moves cannot deadlock. */
  private async lockForMove(tx: RequestContext, dto: MoveCardsDto): Promise<MemberCard[]> {
    const repo = this.connection.repo(tx, MemberCard);
    if (dto.cardNos) {
      const wanted = [...new Set(dto.cardNos)];
      const cards = await repo.find({ where: { cardNo: In(wanted) }, order: { cardNo: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      const found = new Set(cards.map((c) => c.cardNo));
      const missing = wanted.filter((n) => !found.has(n));
      if (missing.length) {
        throw new DomainException(MemberError.MEMBER_CARD_NOT_FOUND, 'some cards do not exist / 卡号不存在', [
          { field: 'cardNos', message: `unknown: ${missing.slice(0, 20).join(', ')}` },
        ]);
      }
      return cards;
    }
    const first = await repo.findOneBy({ cardNo: dto.fromCardNo! });
    const last = await repo.findOneBy({ cardNo: dto.toCardNo! });
    if (!first || !last || first.batchId !== last.batchId || first.cardNo > last.cardNo) {
      throw new DomainException(MemberError.MEMBER_CARD_NOT_FOUND, 'from and to must be cards of one batch, in order / 起止卡号须属同一批次', [
        { field: 'fromCardNo', message: 'unknown, out of order or another batch than toCardNo' },
      ]);
    }
    // numbers of one batch have one width, so text order is number order
    return repo
      .createQueryBuilder('c')
      .where('c.batch_id = :b AND c.card_no BETWEEN :from AND :to', { b: first.batchId, from: first.cardNo, to: last.cardNo })
      .orderBy('c.card_no')
      .setLock('pessimistic_write')
      .getMany();
  }
}
