import { SettingOutlined } from '@ant-design/icons';
import { lazy } from './lazy';
import type { MenuGroup } from './types';

const pos = () => import('../../pages/storeSettings/PosSettingsPages');
const other = () => import('../../pages/storeSettings/OtherSettings');

/** 系统设置 at a store (the seeds' 门店系统: 通用设置, 收银设置, 小票设置, 外设设置, 键盘设置, 会员设置, 付款方式, 权限). */
export const storeSettingsMenu: MenuGroup = {
  key: 'store-settings',
  label: 'menu.storeSettings',
  icon: <SettingOutlined />,
  screens: [
    {
      path: '/store-settings/general',
      label: 'menu.generalSettings',
      permission: 'inventory.read',
      sites: ['store'],
      component: lazy(() => other().then((m) => ({ default: m.GeneralSettings }))),
    },
    {
      path: '/store-settings/checkout',
      label: 'menu.checkoutSettings',
      permission: 'pos.settings',
      sites: ['store'],
      component: lazy(() => pos().then((m) => ({ default: m.CheckoutSettings }))),
    },
    {
      path: '/store-settings/receipt',
      label: 'menu.receiptSettings',
      permission: 'pos.settings',
      sites: ['store'],
      component: lazy(() => pos().then((m) => ({ default: m.ReceiptSettings }))),
    },
    {
      path: '/store-settings/peripherals',
      label: 'menu.peripheralSettings',
      permission: 'pos.settings',
      sites: ['store'],
      component: lazy(() => pos().then((m) => ({ default: m.PeripheralSettings }))),
    },
    {
      path: '/store-settings/keyboard',
      label: 'menu.keyboardSettings',
      permission: 'pos.settings',
      sites: ['store'],
      component: lazy(() => pos().then((m) => ({ default: m.KeyboardSettings }))),
    },
    {
      path: '/store-settings/members',
      label: 'menu.memberSettings',
      permission: 'member.settings',
      sites: ['store'],
      component: lazy(() => other().then((m) => ({ default: m.MemberSettings }))),
    },
    {
      path: '/store-settings/payment-methods',
      label: 'menu.paymentMethods',
      permission: 'pos.settings',
      sites: ['store'],
      component: lazy(() => other().then((m) => ({ default: m.PaymentMethodSettings }))),
    },
    {
      path: '/store-settings/users',
      label: 'menu.storeUsers',
      permission: 'identity.user.read',
      sites: ['store'],
      component: lazy(() => other().then((m) => ({ default: m.StoreUsers }))),
    },
  ],
};
