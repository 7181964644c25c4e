import { DatabaseOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { MenuGroup } from './types';

/** 基本信息: the base data HQ keeps and stores read. */
export const catalogMenu: MenuGroup = {
  key: 'catalog',
  label: 'menu.catalog',
  icon: <DatabaseOutlined />,
  screens: [
    { path: '/catalog/products', label: 'menu.products', permission: 'catalog.read', component: lazy(() => import('../../pages/catalog/Products')) },
    { path: '/catalog/suppliers', label: 'menu.suppliers', permission: 'catalog.read', component: lazy(() => import('../../pages/catalog/Suppliers')) },
  ],
};
