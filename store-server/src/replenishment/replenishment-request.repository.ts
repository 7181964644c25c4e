import { Injectable } from '@nestjs/common';
import { applySort, defineSort, RequestContext, scopeQuery, TransactionalConnection } from '@chain-erp/shared';
import { ReplenishmentRequest } from './replenishment-request.entity';
import type { RequestQueryDto } from './replenishment.dto';
import type { ReplenishmentRequestRow } from './replenishment.responses';

export const REQUEST_SORT = defineSort({ number: 'r.number', createdAt: 'r.created_at', wantedBy: 'r.wanted_by', status: 'status' }, '-createdAt');

/** The store's request list (a query-builder list over its requests and its replica of HQ's approvals). */
@Injectable()
export class ReplenishmentRequestRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** A page of the store's requests, with HQ's status and decision once HQ has them. */
  async list(ctx: RequestContext, q: RequestQueryDto): Promise<{ items: ReplenishmentRequestRow[]; total: number }> {
    const qb = this.connection
      .manager(ctx)
      .createQueryBuilder()
      .from(ReplenishmentRequest, 'r')
      .leftJoin('replenishment_approval', 'a', 'a.id = r.id')
      .select([
        'r.id AS id',
        'r.number AS number',
        'r.warehouse_id AS "warehouseId"',
        // the calendar day as entered: a raw `date` would come back as the server's local midnight (an instant, a day off east of UTC)
        `to_char(r.wanted_by, 'YYYY-MM-DD') AS "wantedBy"`,
        'r.note AS note',
        'r.created_by AS "createdBy"',
        'r.submitted_at AS "submittedAt"',
        'r.created_at AS "createdAt"',
      ])
      .addSelect('coalesce(a.status, r.status)', 'status')
      .addSelect(['a.decided_by AS "decidedBy"', 'a.decided_at AS "decidedAt"', 'a.decision_reason AS "decisionReason"']);
    scopeQuery(ctx, qb, 'r.store_id');
    if (q.status) qb.andWhere('coalesce(a.status, r.status) = :status', { status: q.status });
    const total = await qb.clone().getCount();
    applySort(qb, q.sort, REQUEST_SORT);
    const pageSize = q.pageSize ?? 50;
    const items = await qb
      .offset(((q.page ?? 1) - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<ReplenishmentRequestRow>();
    return { items, total };
  }
}
