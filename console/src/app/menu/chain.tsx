import { ApartmentOutlined } from '@ant-design/icons';
import { lazy } from './lazy';
import type { MenuGroup } from './types';

/** 连锁管理 at HQ: the stores' transfer channels and the 要货 flow (要货确认 → 调拨出库 → variances). */
export const chainMenu: MenuGroup = {
  key: 'chain',
  label: 'menu.chain',
  icon: <ApartmentOutlined />,
  screens: [
    { path: '/chain/transfer', label: 'menu.transfer', permission: 'store.transfer.manage', sites: ['hq'], component: lazy(() => import('../../pages/chain/TransferAdmin')) },
    {
      path: '/chain/requests',
      label: 'menu.requestApproval',
      permission: 'replenishment.approve',
      sites: ['hq'],
      component: lazy(() => import('../../pages/chain/RequestApproval')),
    },
    { path: '/chain/shipments', label: 'menu.shipments', permission: 'replenishment.ship', sites: ['hq'], component: lazy(() => import('../../pages/chain/Shipments')) },
    { path: '/chain/variances', label: 'menu.variances', permission: 'replenishment.read', sites: ['hq'], component: lazy(() => import('../../pages/chain/Variances')) },
    {
      path: '/chain/settings',
      label: 'menu.replenishmentSettings',
      permission: 'replenishment.read',
      sites: ['hq'],
      component: lazy(() => import('../../pages/chain/ReplenishmentSettings')),
    },
  ],
};
