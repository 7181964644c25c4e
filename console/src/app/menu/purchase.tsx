import { ShoppingCartOutlined } from '@ant-design/icons';
import { lazy } from './lazy';
import type { MenuGroup } from './types';

/** 采购管理: HQ buys from suppliers — 采购订单 → 验收入库 → 商品仓库 (seeds' user guide §4). */
export const purchaseMenu: MenuGroup = {
  key: 'purchase',
  label: 'menu.purchase',
  icon: <ShoppingCartOutlined />,
  screens: [
    { path: '/purchase/orders', label: 'menu.purchaseOrders', permission: 'purchase.read', sites: ['hq'], component: lazy(() => import('../../pages/purchase/PurchaseOrders')) },
    { path: '/purchase/receipts', label: 'menu.goodsReceipts', permission: 'purchase.read', sites: ['hq'], component: lazy(() => import('../../pages/purchase/GoodsReceipts')) },
    { path: '/purchase/returns', label: 'menu.purchaseReturns', permission: 'purchase.read', sites: ['hq'], component: lazy(() => import('../../pages/purchase/PurchaseReturns')) },
    {
      path: '/purchase/store-purchases',
      label: 'menu.hqStorePurchases',
      permission: 'store-purchase.read',
      sites: ['hq'],
      component: lazy(() => import('../../pages/purchase/HqStorePurchases')),
    },
    { path: '/purchase/stock', label: 'menu.purchaseStock', permission: 'inventory.read', sites: ['hq'], component: lazy(() => import('../../pages/inventory/Stock')) },
    {
      path: '/purchase/settings',
      label: 'menu.purchaseSettings',
      permission: 'purchase.read',
      sites: ['hq'],
      component: lazy(() => import('../../pages/purchase/PurchasingSettings')),
    },
  ],
};
