import { DatabaseOutlined } from '@ant-design/icons';
import { lazy } from './lazy';
import type { MenuGroup } from './types';

/** 基本信息: the base data HQ keeps and stores read (the user guide: 供应商、类别、商品、客户、基础资料). */
export const catalogMenu: MenuGroup = {
  key: 'catalog',
  label: 'menu.catalog',
  icon: <DatabaseOutlined />,
  screens: [
    { path: '/catalog/suppliers', label: 'menu.suppliers', permission: 'catalog.read', component: lazy(() => import('../../pages/catalog/Suppliers')) },
    { path: '/catalog/categories', label: 'menu.categories', permission: 'catalog.read', component: lazy(() => import('../../pages/catalog/Categories')) },
    { path: '/catalog/products', label: 'menu.products', permission: 'catalog.read', component: lazy(() => import('../../pages/catalog/Products')) },
    { path: '/catalog/store-prices', label: 'menu.storePrices', permission: 'catalog.read', component: lazy(() => import('../../pages/catalog/StorePrices')) },
    { path: '/catalog/customers', label: 'menu.customers', permission: 'catalog.read', component: lazy(() => import('../../pages/catalog/Customers')) },
    { path: '/catalog/units', label: 'menu.units', permission: 'catalog.read', component: lazy(() => import('../../pages/catalog/Units')) },
    { path: '/catalog/brands', label: 'menu.brands', permission: 'catalog.read', component: lazy(() => import('../../pages/catalog/Brands')) },
    { path: '/catalog/payment-methods', label: 'menu.paymentMethods', permission: 'catalog.read', component: lazy(() => import('../../pages/catalog/PaymentMethods')) },
    { path: '/catalog/reasons', label: 'menu.reasons', permission: 'inventory.read', component: lazy(() => import('../../pages/catalog/Reasons')) },
    {
      path: '/catalog/store-scope',
      label: 'menu.storeScope',
      permission: 'store.transfer.manage',
      sites: ['hq'],
      component: lazy(() => import('../../pages/settings/StoreScope')),
    },
  ],
};
