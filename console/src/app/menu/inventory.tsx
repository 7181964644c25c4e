import { InboxOutlined } from '@ant-design/icons';
import { lazy } from './lazy';
import type { MenuGroup } from './types';

const StockDocuments = lazy(() => import('../../pages/inventory/StockDocuments'));

/**
 * 库存管理, on both servers: HQ for its warehouses (and every store's, read), a store's own server
 * for the store. Posting rights are checked by the server per action.
 */
export const inventoryMenu: MenuGroup = {
  key: 'inventory',
  label: 'menu.inventory',
  icon: <InboxOutlined />,
  screens: [
    { path: '/inventory/stock', label: 'menu.stock', permission: 'inventory.read', sites: ['hq', 'store'], component: lazy(() => import('../../pages/inventory/Stock')) },
    {
      path: '/inventory/stock-card',
      label: 'menu.stockCard',
      permission: 'inventory.read',
      sites: ['hq', 'store'],
      component: lazy(() => import('../../pages/inventory/StockCard')),
    },
    { path: '/inventory/adjustments', label: 'menu.adjustments', permission: 'inventory.read', sites: ['hq', 'store'], component: StockDocuments },
    { path: '/inventory/other-receipts', label: 'menu.otherReceipts', permission: 'inventory.read', sites: ['hq', 'store'], component: StockDocuments },
    { path: '/inventory/other-issues', label: 'menu.otherIssues', permission: 'inventory.read', sites: ['hq', 'store'], component: StockDocuments },
    { path: '/inventory/counts', label: 'menu.counts', permission: 'inventory.read', sites: ['hq', 'store'], component: lazy(() => import('../../pages/inventory/Counts')) },
    { path: '/inventory/alerts', label: 'menu.alerts', permission: 'inventory.read', sites: ['hq', 'store'], component: lazy(() => import('../../pages/inventory/Alerts')) },
    {
      path: '/inventory/settings',
      label: 'menu.inventorySettings',
      permission: 'inventory.read',
      sites: ['hq'],
      component: lazy(() => import('../../pages/inventory/InventorySettings')),
    },
  ],
};
