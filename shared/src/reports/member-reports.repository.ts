import { type RequestContext } from '../common/request-context';
import { addDays } from '../inventory/inventory.util';
import { orderBy, pageSql, scopeSql, Sql } from './report-output';
import { sqlStatements } from '../common/sql-statements';
import { DECLARATION_ID, reportTexts, type ReportSql } from './report.repository';
import type { LiabilityQueryDto } from './reports.dto';
import { defineSort } from '../common/pagination';

export const LIABILITY_SORT = defineSort(
  { cardTypeCode: '"cardTypeCode"', storeCode: '"storeCode"', points: 'points::numeric', storedValue: '"storedValue"::numeric', cards: 'cards' },
  'cardTypeCode,storeCode',
);

/** 会员负债's SQL: balances now (the cards') or as of a day (`asOf`, checked: the member ledger summed up to that day's end). */
export function liabilitySql(ctx: RequestContext, q: LiabilityQueryDto): ReportSql {
  const sql = new Sql();
  const scope = scopeSql(ctx, sql, 'c.owner_store_id', q.storeId);
  let balances: string;
  if (q.asOf) {
    // end of the day in the server's zone, as business days are local
    const [y, mo, d] = addDays(q.asOf, 1).split('-').map(Number);
    balances = `(SELECT card_id, sum(delta) FILTER (WHERE account = 'points') AS points, sum(delta) FILTER (WHERE account = 'stored_value') AS stored_value
                   FROM member_ledger WHERE at < ${sql.p(new Date(y, mo - 1, d).toISOString())}::timestamptz GROUP BY card_id) b JOIN member_card c ON c.id = b.card_id`;
  } else {
    balances = '(SELECT id AS card_id, points_balance AS points, stored_value_balance AS stored_value FROM member_card) b JOIN member_card c ON c.id = b.card_id';
  }
  const where = [...scope, '(coalesce(b.points, 0) <> 0 OR coalesce(b.stored_value, 0) <> 0)'];
  return {
    with: `WITH g AS (
         SELECT t.code AS "cardTypeCode", t.name AS "cardTypeName", coalesce(o.code, 'HQ') AS "storeCode", count(*)::int AS cards,
                coalesce(sum(b.points), 0)::text AS points, coalesce(sum(b.stored_value), 0)::text AS "storedValue", GROUPING(t.id) = 1 AS grand_total
         FROM ${balances} JOIN member_card_type t ON t.id = c.card_type_id LEFT JOIN org_unit o ON o.id = c.owner_store_id
         WHERE ${where.join(' AND ')}
         GROUP BY GROUPING SETS ((t.id, t.code, t.name, o.code), ()))`,
    rows: `SELECT * FROM g WHERE NOT grand_total ORDER BY ${orderBy(q.sort, LIABILITY_SORT)} ${pageSql(q)}`,
    count: 'SELECT count(*)::int FROM g WHERE NOT grand_total',
    totals: 'SELECT * FROM g WHERE grand_total',
    params: sql.params,
  };
}

sqlStatements(
  'reports.member-liability',
  reportTexts((ctx) => ({
    now: liabilitySql(ctx, { storeId: DECLARATION_ID }),
    asOf: liabilitySql(ctx, { asOf: '2026-01-31', sort: '-storedValue,points', format: 'xlsx' }),
  })),
);
