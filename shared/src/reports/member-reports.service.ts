import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import { answer, checkDate, ReportColumn } from './report-output';
import { ReportRepository } from './report.repository';
import { liabilitySql } from './member-reports.repository';
import { LiabilityQueryDto } from './reports.dto';
import type { MemberLiabilityRow, MemberLiabilityTotals } from './reports.responses';

export { LIABILITY_SORT } from './member-reports.repository';

const COLUMNS: ReportColumn[] = [
  { key: 'cardTypeCode', zh: '卡类型编码', en: 'card type code' },
  { key: 'cardTypeName', zh: '卡类型', en: 'card type' },
  { key: 'storeCode', zh: '门店', en: 'store' },
  { key: 'cards', zh: '有余额卡数', en: 'cards with a balance', kind: 'int' },
  { key: 'points', zh: '未用积分', en: 'outstanding points', kind: 'money' },
  { key: 'storedValue', zh: '储值余额', en: 'stored value', kind: 'money' },
];

/**
 * 会员负债: outstanding points and stored value by card type and store (the card's owner store;
 * cards not yet with a store count for HQ). Now: the balances on the cards. As of a day: the member
 * ledger summed up to the end of that day (local time), so a past month-end can be reproduced.
 */
@Injectable()
export class MemberReportsService {
  constructor(private readonly reports: ReportRepository) {}

  async liability(ctx: RequestContext, q: LiabilityQueryDto) {
    if (q.asOf) checkDate(q.asOf, 'asOf');
    const r = liabilitySql(ctx, q);
    const title = '会员负债 member liability';
    if (q.format === 'xlsx') return this.reports.export(title, COLUMNS, r);
    const page = await this.reports.page(ctx, r);
    return answer<MemberLiabilityRow, MemberLiabilityTotals>(q, { title, columns: COLUMNS, items: page.items, total: page.n, totals: page.totals });
  }
}
