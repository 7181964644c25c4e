import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import { queryRows } from '../common/sql';
import { TransactionalConnection } from '../common/transactional-connection';
import { addDays } from '../inventory/inventory.util';
import { answer, checkDate, exportReport, orderBy, pageSql, ReportColumn, Row, scopeSql, Sql } from './report-output';
import { LiabilityQueryDto } from './reports.dto';
import { defineSort } from '../common/pagination';
import type { MemberLiabilityRow, MemberLiabilityTotals } from './reports.responses';

const COLUMNS: ReportColumn[] = [
  { key: 'cardTypeCode', zh: '卡类型编码', en: 'card type code' },
  { key: 'cardTypeName', zh: '卡类型', en: 'card type' },
  { key: 'storeCode', zh: '门店', en: 'store' },
  { key: 'cards', zh: '有余额卡数', en: 'cards with a balance', kind: 'int' },
  { key: 'points', zh: '未用积分', en: 'outstanding points', kind: 'money' },
  { key: 'storedValue', zh: '储值余额', en: 'stored value', kind: 'money' },
];

export const LIABILITY_SORT = defineSort(
  { cardTypeCode: '"cardTypeCode"', storeCode: '"storeCode"', points: 'points::numeric', storedValue: '"storedValue"::numeric', cards: 'cards' },
  'cardTypeCode,storeCode',
);

/**
 * 会员负债: outstanding points and stored value by card type and store (the card's owner store;
 * cards not yet with a store count for HQ). Now: the balances on the cards. As of a day: the member
 * ledger summed up to the end of that day (local time), so a past month-end can be reproduced.
 */
@Injectable()
export class MemberReportsService {
  constructor(private readonly connection: TransactionalConnection) {}

  async liability(ctx: RequestContext, q: LiabilityQueryDto) {
    const sql = new Sql();
    const scope = scopeSql(ctx, sql, 'c.owner_store_id', q.storeId);
    let balances: string;
    if (q.asOf) {
      // end of the day in the server's zone, as business days are local
      const [y, mo, d] = addDays(checkDate(q.asOf, 'asOf'), 1).split('-').map(Number);
      balances = `(SELECT card_id, sum(delta) FILTER (WHERE account = 'points') AS points, sum(delta) FILTER (WHERE account = 'stored_value') AS stored_value
                   FROM member_ledger WHERE at < ${sql.p(new Date(y, mo - 1, d).toISOString())}::timestamptz GROUP BY card_id) b JOIN member_card c ON c.id = b.card_id`;
    } else {
      balances = '(SELECT id AS card_id, points_balance AS points, stored_value_balance AS stored_value FROM member_card) b JOIN member_card c ON c.id = b.card_id';
    }
    const where = [...scope, '(coalesce(b.points, 0) <> 0 OR coalesce(b.stored_value, 0) <> 0)'];
    const g = `WITH g AS (
         SELECT t.code AS "cardTypeCode", t.name AS "cardTypeName", coalesce(o.code, 'HQ') AS "storeCode", count(*)::int AS cards,
                coalesce(sum(b.points), 0)::text AS points, coalesce(sum(b.stored_value), 0)::text AS "storedValue", GROUPING(t.id) = 1 AS grand_total
         FROM ${balances} JOIN member_card_type t ON t.id = c.card_type_id LEFT JOIN org_unit o ON o.id = c.owner_store_id
         WHERE ${where.join(' AND ')}
         GROUP BY GROUPING SETS ((t.id, t.code, t.name, o.code), ()))`;
    const title = '会员负债 member liability';
    const rows = `SELECT * FROM g WHERE NOT grand_total ORDER BY ${orderBy(q.sort, LIABILITY_SORT)} ${pageSql(q)}`;
    if (q.format === 'xlsx') {
      return exportReport(this.connection.dataSource, { title, columns: COLUMNS, sql: `${g} ${rows}`, totalsSql: `${g} SELECT * FROM g WHERE grand_total`, params: sql.params });
    }
    const [row] = await queryRows<{ n: number; items: Row[] | null; totals: Row | null }>(
      this.connection.manager(ctx),
      `${g}
       SELECT (SELECT count(*)::int FROM g WHERE NOT grand_total) AS n,
              (SELECT json_agg(x) FROM (${rows}) x) AS items,
              (SELECT row_to_json(g) FROM g WHERE grand_total) AS totals`,
      sql.params,
    );
    return answer<MemberLiabilityRow, MemberLiabilityTotals>(q, { title, columns: COLUMNS, items: row.items ?? [], total: row.n, totals: row.totals ?? undefined });
  }
}
