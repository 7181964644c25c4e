import { Injectable } from '@nestjs/common';
import { dec, DomainException, localToday, money, notFound, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { autoAllocate, checkAllocations } from './allocation.calculator';
import { ItemRow, LedgerRepository, type ItemAllocationRow, type Party, type StandingAllocationRow } from './ledger.repository';
import { type AllocationSourceType, PartyType, SettlementAllocation, type SettlementDocType, SettlementItem } from './settlement.entity';
import { SettlementError } from './settlement.errors';

export type { Party } from './ledger.repository';

export interface ItemInput {
  partyType: PartyType;
  partyId: string;
  docType: SettlementDocType;
  docId: string;
  docNo: string;
  /** business date of the document (ageing, and the due date from payment terms) */
  docDate: string;
  dueDate?: string | null;
  /** signed: + raises the balance, − lowers it; rounded to the cent */
  amount: string;
  description?: string | null;
  meta?: Record<string, unknown>;
}

export interface AllocationSource {
  type: AllocationSourceType;
  id?: string | null;
}

export const PARTY_ZH: Record<PartyType, string> = { customer: '客户', supplier: '供应商', store: '门店' };

/**
 * The open-item ledger (应收 / 应付): documents post items into it inside their own transaction;
 * credits (payments, credit notes) are matched to debits by allocations. Allocations of one party
 * queue on the party's lock, so two payments can never spend the same open amount.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly ledger: LedgerRepository,
  ) {}

  /** A customer, supplier or store by id; unknown → 400 naming `field`. */
  async party(ctx: RequestContext, partyType: PartyType, partyId: string, field = 'partyId', options: { active?: boolean } = {}): Promise<Party> {
    const p = await this.ledger.party(ctx, partyType, partyId);
    if (!p)
      throw new DomainException(SettlementError.SETTLEMENT_UNKNOWN_PARTY, `unknown ${partyType} / ${PARTY_ZH[partyType]}不存在`, [{ field, message: `unknown ${partyType}` }]);
    if (options.active && p.status !== 'active')
      throw new DomainException(SettlementError.SETTLEMENT_PARTY_DISABLED, `${partyType} ${p.code} is disabled / ${PARTY_ZH[partyType]}已停用`, [{ field, message: 'disabled' }]);
    return p;
  }

  lockParty(ctx: RequestContext, partyType: PartyType, partyId: string): Promise<void> {
    return this.ledger.lockParty(ctx, partyType, partyId);
  }

  /** Books a document's item (entered today); a zero amount books nothing. Call inside the document's transaction. */
  async post(ctx: RequestContext, input: ItemInput): Promise<SettlementItem | null> {
    const amount = money(input.amount);
    if (amount.isZero()) return null;
    const repo = this.connection.repo(ctx, SettlementItem);
    const item = repo.create({
      partyType: input.partyType,
      partyId: input.partyId,
      storeId: input.partyType === 'store' ? input.partyId : null,
      docType: input.docType,
      docId: input.docId,
      docNo: input.docNo,
      docDate: input.docDate,
      entryDate: localToday(),
      dueDate: amount.gt(0) ? (input.dueDate ?? input.docDate) : null,
      amount: amount.toFixed(2),
      allocated: '0',
      description: input.description?.slice(0, 300) ?? null,
      meta: input.meta ?? {},
      createdBy: ctx.userId,
    });
    await repo.insert(item as never);
    return item;
  }

  /**
   * 核销: matches a credit item (negative: a payment, a credit note) to the party's open debit items,
   * explicitly or oldest first (`auto`), all or nothing. Returns the allocations written.
   */
  async allocate(
    ctx: RequestContext,
    creditItemId: string,
    requests: Array<{ itemId: string; amount: string }> | 'auto',
    source: AllocationSource,
    field = 'allocations',
  ): Promise<SettlementAllocation[]> {
    const head = await this.ledger.item(ctx, creditItemId);
    if (!head) throw new DomainException(SettlementError.SETTLEMENT_NOT_A_CREDIT, 'no such credit item / 核销来源不存在', [{ field: 'creditItemId', message: 'unknown item' }]);
    await this.ledger.lockParty(ctx, head.partyType, head.partyId);
    const credit = (await this.ledger.item(ctx, creditItemId, true))!;
    if (!dec(credit.amount).isNegative())
      throw new DomainException(SettlementError.SETTLEMENT_NOT_A_CREDIT, `${credit.docNo} is not a payment or credit / 不是收付款或红字单据`, [
        { field: 'creditItemId', message: 'not a credit item' },
      ]);
    const available = dec(credit.open).neg();
    let plan: Array<{ itemId: string; amount: string }>;
    let debits: ItemRow[];
    if (requests === 'auto') {
      debits = await this.ledger.openDebits(ctx, credit.partyType, credit.partyId);
      plan = autoAllocate(
        available,
        debits.map((d) => ({ id: d.id, open: d.open, docDate: d.docDate, dueDate: d.dueDate, docNo: d.docNo })),
      );
    } else {
      debits = await this.ledger.lockItems(ctx, [...new Set(requests.map((r) => r.itemId))]);
      const open = new Map(debits.filter((d) => d.partyType === credit.partyType && d.partyId === credit.partyId && dec(d.open).gt(0)).map((d) => [d.id, d.open]));
      const problems = checkAllocations(available, requests, open);
      const total = problems.find((p) => p.kind === 'total');
      const items = problems.filter((p) => p.kind === 'item');
      if (items.length) {
        throw new DomainException(
          SettlementError.SETTLEMENT_ITEM_OVER_ALLOCATED,
          'more than an item still has open / 核销金额超过单据未结金额',
          items.map((p) => ({ field: `${field}.${p.index}.amount`, message: p.message })),
        );
      }
      if (total)
        throw new DomainException(
          SettlementError.SETTLEMENT_OVER_ALLOCATION,
          `more than the ${credit.docNo} has available / 核销金额超过可用金额`,
          [{ field, message: total.message }],
          { available: available.toFixed(2) },
        );
      plan = requests.map((r) => ({ itemId: r.itemId, amount: money(r.amount).toFixed(2) }));
    }
    return this.write(ctx, credit, plan, source);
  }

  /** A credit note against one item, as far as that item is still open (the rest stays a credit of the party). */
  async allocateUpTo(ctx: RequestContext, creditItemId: string, debitItemId: string, source: AllocationSource): Promise<SettlementAllocation[]> {
    const credit = await this.ledger.item(ctx, creditItemId);
    if (!credit) return [];
    await this.ledger.lockParty(ctx, credit.partyType, credit.partyId);
    const [c, d] = [(await this.ledger.item(ctx, creditItemId, true))!, await this.ledger.item(ctx, debitItemId, true)];
    if (!d || d.partyId !== c.partyId || d.partyType !== c.partyType) return [];
    const amount = dec(c.open).neg();
    const take = amount.lt(d.open) ? amount : dec(d.open);
    if (!take.gt(0)) return [];
    return this.write(ctx, c, [{ itemId: d.id, amount: take.toFixed(2) }], source);
  }

  /** Undoes one allocation with a row of the opposite sign (both items open again by its amount). */
  async reverseAllocation(ctx: RequestContext, allocationId: string, reason: string, source: AllocationSource): Promise<SettlementAllocation> {
    const repo = this.connection.repo(ctx, SettlementAllocation);
    const a = await repo.findOne({ where: { id: allocationId } });
    if (!a) throw notFound('allocation');
    await this.ledger.lockParty(ctx, a.partyType, a.partyId);
    if (a.reversesId || (await repo.count({ where: { reversesId: a.id } }))) {
      throw new DomainException(SettlementError.SETTLEMENT_ALREADY_REVERSED, 'this allocation was already reversed (or is itself a reversal) / 该核销已冲回', undefined, {
        allocationId: a.id,
      });
    }
    await this.ledger.lockItems(ctx, [a.debitItemId, a.creditItemId]);
    const row = repo.create({
      partyType: a.partyType,
      partyId: a.partyId,
      storeId: a.storeId,
      debitItemId: a.debitItemId,
      creditItemId: a.creditItemId,
      amount: dec(a.amount).neg().toFixed(2),
      allocatedOn: localToday(),
      sourceType: source.type,
      sourceId: source.id ?? null,
      reversesId: a.id,
      reason,
      createdBy: ctx.userId,
    });
    await repo.insert(row);
    await this.ledger.addAllocated(ctx, a.debitItemId, row.amount);
    await this.ledger.addAllocated(ctx, a.creditItemId, a.amount);
    return row;
  }

  /** The allocations standing on an item (not reversed, not reversals). */
  standingAllocations(ctx: RequestContext, itemId: string): Promise<StandingAllocationRow[]> {
    return this.ledger.standingAllocations(ctx, itemId);
  }

  /** Every allocation of an item (reversals included), with the document on the other side. */
  itemAllocations(ctx: RequestContext, itemId: string): Promise<ItemAllocationRow[]> {
    return this.ledger.itemAllocations(ctx, itemId);
  }

  /** The markup a transfer shipment's item was priced with ('0': none). */
  itemMarkup(ctx: RequestContext, itemId: string): Promise<string> {
    return this.ledger.itemMarkup(ctx, itemId);
  }

  itemOfDoc(ctx: RequestContext, docType: string, docId: string): Promise<ItemRow | undefined> {
    return this.ledger.itemOfDoc(ctx, docType, docId);
  }

  balance(ctx: RequestContext, partyType: PartyType, partyId: string): Promise<string> {
    return this.ledger.balance(ctx, partyType, partyId);
  }

  private async write(ctx: RequestContext, credit: ItemRow, plan: Array<{ itemId: string; amount: string }>, source: AllocationSource): Promise<SettlementAllocation[]> {
    if (!plan.length) return [];
    const repo = this.connection.repo(ctx, SettlementAllocation);
    const today = localToday();
    const rows = plan.map((p) =>
      repo.create({
        partyType: credit.partyType,
        partyId: credit.partyId,
        storeId: credit.storeId,
        debitItemId: p.itemId,
        creditItemId: credit.id,
        amount: p.amount,
        allocatedOn: today,
        sourceType: source.type,
        sourceId: source.id ?? null,
        reversesId: null,
        reason: null,
        createdBy: ctx.userId,
      }),
    );
    await repo.insert(rows);
    for (const p of plan) await this.ledger.addAllocated(ctx, p.itemId, p.amount);
    await this.ledger.addAllocated(
      ctx,
      credit.id,
      plan
        .reduce((t, p) => t.plus(p.amount), dec(0))
        .neg()
        .toFixed(2),
    );
    return rows;
  }
}
