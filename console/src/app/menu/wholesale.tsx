import { ShopOutlined } from '@ant-design/icons';
import { lazy } from './lazy';
import type { MenuGroup } from './types';

/** 批发管理 at HQ: 批发订单 (credit check) → 批发出库 → 批发退货; customers' credit and contract prices (docs/wholesale.md). */
export const wholesaleMenu: MenuGroup = {
  key: 'wholesale',
  label: 'menu.wholesale',
  icon: <ShopOutlined />,
  screens: [
    { path: '/wholesale/orders', label: 'menu.wholesaleOrders', permission: 'wholesale.read', sites: ['hq'], component: lazy(() => import('../../pages/wholesale/Orders')) },
    {
      path: '/wholesale/deliveries',
      label: 'menu.wholesaleDeliveries',
      permission: 'wholesale.read',
      sites: ['hq'],
      component: lazy(() => import('../../pages/wholesale/Deliveries')),
    },
    { path: '/wholesale/returns', label: 'menu.wholesaleReturns', permission: 'wholesale.read', sites: ['hq'], component: lazy(() => import('../../pages/wholesale/Returns')) },
    { path: '/wholesale/credit', label: 'menu.customerCredit', permission: 'wholesale.read', sites: ['hq'], component: lazy(() => import('../../pages/wholesale/CustomerCredit')) },
    { path: '/wholesale/prices', label: 'menu.contractPrices', permission: 'wholesale.read', sites: ['hq'], component: lazy(() => import('../../pages/wholesale/ContractPrices')) },
  ],
};
