import { BarChartOutlined } from '@ant-design/icons';
import { lazy } from './lazy';
import type { MenuGroup } from './types';

const Reports = lazy(() => import('../../pages/reports/Reports'));

/** 报表 (docs/reports.md): the same reports answer at HQ (every store) and at a store (its own). */
export const reportsMenu: MenuGroup = {
  key: 'reports',
  label: 'menu.reports',
  icon: <BarChartOutlined />,
  screens: [
    { path: '/reports/purchasing', label: 'menu.purchasingReports', permission: 'report.read', sites: ['hq'], component: Reports },
    { path: '/reports/replenishment', label: 'menu.replenishmentReports', permission: 'replenishment.read', sites: ['hq'], component: Reports },
    { path: '/reports/stock', label: 'menu.stockReports', permission: 'report.read', sites: ['hq', 'store'], component: Reports },
    { path: '/reports/sales', label: 'menu.salesReports', permission: 'report.read', sites: ['hq', 'store'], component: Reports },
    { path: '/reports/members', label: 'menu.membersReports', permission: 'report.read', sites: ['hq', 'store'], component: Reports },
    // the voucher ledger is HQ's: the reports are HQ's (a store user signed in there sees its own store's documents)
    { path: '/reports/vouchers', label: 'menu.vouchersReports', permission: 'report.read', sites: ['hq'], component: Reports },
  ],
};
