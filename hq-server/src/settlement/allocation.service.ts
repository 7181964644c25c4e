import { Injectable } from '@nestjs/common';
import { AuditService, DomainException, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { AllocateDto, PartyRefDto } from './settlement.dto';
import { SettlementAllocation } from './settlement.entity';
import { SettlementError } from './settlement.errors';
import { allocationChoice, assertHq, requireReason } from './settlement-support';

/**
 * 核销 by hand: spend an advance payment or a credit note on open items (explicitly or oldest
 * first), match everything open of a party at once, or take a wrong match back.
 */
@Injectable()
export class AllocationService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
    private readonly ledger: LedgerService,
    private readonly ledgerRepo: LedgerRepository,
  ) {}

  async allocate(ctx: RequestContext, dto: AllocateDto): Promise<SettlementAllocation[]> {
    assertHq(ctx);
    const plan = allocationChoice(dto);
    if (!plan)
      throw new DomainException(SettlementError.SETTLEMENT_NOTHING_TO_ALLOCATE, 'say what to allocate: allocations or autoAllocate / 请填写核销明细或选择自动核销', [
        { field: 'allocations', message: 'required' },
      ]);
    return this.connection.withTransaction(ctx, async (tx) => {
      const rows = await this.ledger.allocate(tx, dto.creditItemId, plan, { type: 'manual' });
      if (!rows.length) throw new DomainException(SettlementError.SETTLEMENT_NOTHING_TO_ALLOCATE, 'nothing open to allocate to / 没有可核销的单据');
      await this.audit.record(tx, {
        entityType: 'settlement_item',
        entityId: dto.creditItemId,
        action: 'allocate',
        after: { allocations: rows.map((r) => ({ itemId: r.debitItemId, amount: r.amount })) },
      });
      return rows;
    });
  }

  /** Every open credit of the party on its open items, oldest first on both sides. */
  async allocateParty(ctx: RequestContext, dto: PartyRefDto): Promise<SettlementAllocation[]> {
    assertHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      await this.ledger.party(tx, dto.partyType, dto.partyId);
      await this.ledger.lockParty(tx, dto.partyType, dto.partyId);
      const out: SettlementAllocation[] = [];
      for (const credit of await this.ledgerRepo.openCredits(tx, dto.partyType, dto.partyId)) {
        out.push(...(await this.ledger.allocate(tx, credit.id, 'auto', { type: 'manual' })));
      }
      if (!out.length) throw new DomainException(SettlementError.SETTLEMENT_NOTHING_TO_ALLOCATE, 'no open credit or no open item to match / 没有可核销的款项或单据');
      await this.audit.record(tx, { entityType: `settlement_${dto.partyType}`, entityId: dto.partyId, action: 'allocate', after: { allocations: out.length } });
      return out;
    });
  }

  async reverse(ctx: RequestContext, id: string, reason: string): Promise<SettlementAllocation> {
    assertHq(ctx);
    const why = requireReason(reason);
    return this.connection.withTransaction(ctx, async (tx) => {
      const row = await this.ledger.reverseAllocation(tx, id, why, { type: 'manual' });
      await this.audit.record(tx, { entityType: 'settlement_allocation', entityId: id, action: 'reverse', after: { reversal: row.id, amount: row.amount }, reason: why });
      return row;
    });
  }
}
