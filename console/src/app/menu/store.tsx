import { ShopOutlined } from '@ant-design/icons';
import { lazy } from './lazy';
import type { MenuGroup } from './types';

/** 门店业务: what the store manager runs on the store's own server (要货, 调拨入库, 门店采购, 收银查询, 同步). */
export const storeMenu: MenuGroup = {
  key: 'store',
  label: 'menu.store',
  icon: <ShopOutlined />,
  screens: [
    { path: '/store/requests', label: 'menu.storeRequests', permission: 'replenishment.read', sites: ['store'], component: lazy(() => import('../../pages/store/Requests')) },
    {
      path: '/store/receipts',
      label: 'menu.transferReceipts',
      permission: 'replenishment.read',
      sites: ['store'],
      component: lazy(() => import('../../pages/store/TransferReceipts')),
    },
    {
      path: '/store/purchases',
      label: 'menu.storePurchases',
      permission: 'store-purchase.read',
      sites: ['store'],
      component: lazy(() => import('../../pages/store/StorePurchases')),
    },
    { path: '/store/journal', label: 'menu.posJournal', permission: 'pos.journal.read', sites: ['store'], component: lazy(() => import('../../pages/store/Journal')) },
    {
      path: '/store/voucher-balance',
      label: 'menu.voucherBalance',
      permission: 'pos.journal.read',
      sites: ['store'],
      component: lazy(() => import('../../pages/store/VoucherBalance')),
    },
    { path: '/store/shifts', label: 'menu.posShifts', permission: 'pos.reconcile', sites: ['store'], component: lazy(() => import('../../pages/store/Shifts')) },
    { path: '/store/sync', label: 'menu.sync', permission: 'sync.run', sites: ['store'], component: lazy(() => import('../../pages/store/Sync')) },
  ],
};
