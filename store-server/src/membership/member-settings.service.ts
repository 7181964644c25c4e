import { DomainException, MemberError, OrgSettings, OrgUnit, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { Injectable, Optional } from '@nestjs/common';
import { CARD_MODES, CardMode, MemberSettingsDto } from './member-settings.dto';
import { StoreMembershipRepository } from './store-membership.repository';

/**
 * Where this store's HQ is, as recorded by store setup (`SetupHqAddress`); before setup the member
 * center has no default address.
 */
export abstract class HqAddress {
  abstract current(): Promise<string | null>;
}

export interface MemberSettings {
  cardMode: CardMode;
  /** as set; null = use the HQ address */
  memberCenterUrl: string | null;
  /** the address actually used */
  effectiveMemberCenterUrl: string | null;
}

/** 会员设置: kept in org_settings (member_center_url, extra.membership) of this store. */
@Injectable()
export class MemberSettingsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly repo: StoreMembershipRepository,
    @Optional() private readonly hqAddress?: HqAddress,
  ) {}

  async get(ctx: RequestContext): Promise<MemberSettings> {
    const storeId = await this.storeId(ctx);
    const row = await this.connection.repo(ctx, OrgSettings).findOneBy({ orgUnitId: storeId });
    const saved = (row?.extra?.membership ?? {}) as { cardMode?: CardMode };
    const memberCenterUrl = row?.memberCenterUrl ?? null;
    return {
      cardMode: CARD_MODES.includes(saved.cardMode as CardMode) ? saved.cardMode! : 'chain',
      memberCenterUrl,
      effectiveMemberCenterUrl: (memberCenterUrl ?? (await this.hqAddress?.current()) ?? null)?.replace(/\/+$/, '') ?? null,
    };
  }

  async update(ctx: RequestContext, dto: MemberSettingsDto): Promise<MemberSettings> {
    const storeId = await this.storeId(ctx);
    await this.connection.withTransaction(ctx, (tx) => this.repo.saveSettings(tx, storeId, dto.memberCenterUrl, dto.cardMode));
    return this.get(ctx);
  }

  /**
   * This store's org unit: the caller's, or — for work without a user (health) — the one store org
   * unit a store database holds.
   */
  async storeId(ctx: RequestContext): Promise<string> {
    if (ctx.storeId) return ctx.storeId;
    const stores = await this.connection.repo(ctx, OrgUnit).find({ where: { kind: 'store' }, take: 2 });
    if (stores.length !== 1) throw new DomainException(MemberError.MEMBER_STORE_NOT_SET_UP, 'this store is not set up yet / 门店尚未初始化');
    return stores[0].id;
  }
}
