import { AccountBookOutlined } from '@ant-design/icons';
import { lazy } from './lazy';
import type { MenuGroup } from './types';

/**
 * 结算管理 at HQ (docs/settlement.md): payments (收款 · 付款 · 门店缴款), the ledger's reports, 对账单,
 * 代销/联营结算 and 门店结算. A store's users sign in at HQ to read and answer their own statements.
 */
export const settlementMenu: MenuGroup = {
  key: 'settlement',
  label: 'menu.settlement',
  icon: <AccountBookOutlined />,
  screens: [
    {
      path: '/settlement/receipts',
      label: 'menu.customerReceipts',
      permission: 'settlement.read',
      sites: ['hq'],
      component: lazy(() => import('../../pages/settlement/CustomerReceipts')),
    },
    {
      path: '/settlement/payments',
      label: 'menu.supplierPayments',
      permission: 'settlement.read',
      sites: ['hq'],
      component: lazy(() => import('../../pages/settlement/SupplierPayments')),
    },
    {
      path: '/settlement/store-payments',
      label: 'menu.storePayments',
      permission: 'settlement.read',
      sites: ['hq'],
      component: lazy(() => import('../../pages/settlement/StorePayments')),
    },
    { path: '/settlement/items', label: 'menu.ledgerItems', permission: 'settlement.read', sites: ['hq'], component: lazy(() => import('../../pages/settlement/LedgerItems')) },
    { path: '/settlement/balances', label: 'menu.balances', permission: 'settlement.read', sites: ['hq'], component: lazy(() => import('../../pages/settlement/Balances')) },
    { path: '/settlement/ageing', label: 'menu.ageing', permission: 'settlement.read', sites: ['hq'], component: lazy(() => import('../../pages/settlement/Ageing')) },
    { path: '/settlement/due', label: 'menu.due', permission: 'settlement.read', sites: ['hq'], component: lazy(() => import('../../pages/settlement/Due')) },
    { path: '/settlement/paid', label: 'menu.paid', permission: 'settlement.read', sites: ['hq'], component: lazy(() => import('../../pages/settlement/Paid')) },
    { path: '/settlement/statements', label: 'menu.statements', permission: 'settlement.read', sites: ['hq'], component: lazy(() => import('../../pages/settlement/Statements')) },
    {
      path: '/settlement/supplier-settlements',
      label: 'menu.supplierSettlements',
      permission: 'settlement.read',
      sites: ['hq'],
      component: lazy(() => import('../../pages/settlement/SupplierSettlements')),
    },
    {
      path: '/settlement/stores',
      label: 'menu.storeSettlement',
      permission: 'settlement.read',
      sites: ['hq'],
      component: lazy(() => import('../../pages/settlement/StoreSettlement')),
    },
  ],
};
