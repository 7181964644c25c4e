import { ShoppingCartOutlined } from '@ant-design/icons';
import { lazy } from './lazy';
import type { MenuGroup } from './types';

/** 零售收银: the till is full screen (its own route outside the shell), on the store's console only. */
export const posMenu: MenuGroup = {
  key: 'pos',
  label: 'menu.pos',
  icon: <ShoppingCartOutlined />,
  screens: [
    { path: '/pos', label: 'menu.till', permission: 'pos.sell', sites: ['store'], fullScreen: true, component: lazy(() => import('../../pages/pos/Till')) },
    // 客显: the customer's window of this browser's till (a second screen), fed by the till (customerDisplay.ts)
    {
      path: '/pos/display',
      label: 'menu.customerDisplay',
      permission: 'pos.sell',
      sites: ['store'],
      fullScreen: true,
      component: lazy(() => import('../../pages/pos/CustomerDisplay')),
    },
  ],
};
