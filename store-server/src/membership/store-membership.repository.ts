import { Injectable } from '@nestjs/common';
import { defineSort, MemberCard, Page, paginate, queryRows, RequestContext, sqlStatements, TransactionalConnection } from '@chain-erp/shared';
import type { CardMode } from './member-settings.dto';
import { StoreCardQueryDto } from './store-membership.dto';

export const STORE_CARD_SORT = defineSort({ cardNo: 'c.cardNo', state: 'c.state', issuedAt: 'c.issuedAt' }, 'cardNo');

const SQL = sqlStatements(
  'membership.store',
  {
    // jsonb || keeps the other modules' settings in extra untouched
    saveSettings: `INSERT INTO org_settings (org_unit_id, member_center_url, extra, row_version) VALUES ($1, $2, jsonb_build_object('membership', $3::jsonb), 1)
         ON CONFLICT (org_unit_id) DO UPDATE SET member_center_url = excluded.member_center_url,
           extra = org_settings.extra || jsonb_build_object('membership', coalesce(org_settings.extra->'membership', '{}'::jsonb) || $3::jsonb),
           row_version = org_settings.row_version + 1, updated_at = now()`,
  },
  ['store'],
);

/** SQL of the store's member channel: 会员设置 and the cards this store owns. */
@Injectable()
export class StoreMembershipRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** 会员设置 into this store's org_settings (member_center_url, extra.membership). */
  async saveSettings(ctx: RequestContext, storeId: string, memberCenterUrl: string | null, cardMode: CardMode): Promise<void> {
    await queryRows(this.connection.manager(ctx), SQL.saveSettings, [storeId, memberCenterUrl, JSON.stringify({ cardMode })]);
  }

  /** A page of the cards this store owns (a TypeORM list: its filters compose per request). */
  cards(ctx: RequestContext, storeId: string, q: StoreCardQueryDto): Promise<Page<MemberCard>> {
    const qb = this.connection.repo(ctx, MemberCard).createQueryBuilder('c').where('c.owner_store_id = :storeId', { storeId });
    if (q.state) qb.andWhere('c.state = :state', { state: q.state });
    if (q.scope) qb.andWhere('c.scope = :scope', { scope: q.scope });
    if (q.cardNo) qb.andWhere('c.card_no LIKE :no', { no: `${q.cardNo}%` });
    return paginate(qb, q, STORE_CARD_SORT);
  }
}
