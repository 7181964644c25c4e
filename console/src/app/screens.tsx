import { DatabaseOutlined, HomeOutlined } from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';

/**
 * Every screen of the console: its path, menu label (i18n key), the permission that shows it, and
 * its code as a lazy chunk (the first page loads only the shell). Menus follow the seeds' user
 * guide: 基本信息 → 系统设置 → 连锁管理 → 采购管理 → 会员管理 → 零售收银. Add a screen here.
 */
export interface Screen {
  path: string;
  label: string;
  /** shown to users holding this permission (any signed-in user when absent) */
  permission?: string;
  /** which servers offer it ('hq' screens write HQ-only data) */
  sites?: ('hq' | 'store')[];
  component: LazyExoticComponent<ComponentType>;
}

export interface MenuGroup {
  key: string;
  label: string;
  icon: ReactNode;
  screens: Screen[];
}

export const HOME: Screen = { path: '/', label: 'menu.home', component: lazy(() => import('../pages/Home')) };

export const MENU: MenuGroup[] = [
  {
    key: 'catalog',
    label: 'menu.catalog',
    icon: <DatabaseOutlined />,
    screens: [
      { path: '/catalog/products', label: 'menu.products', permission: 'catalog.read', component: lazy(() => import('../pages/catalog/Products')) },
      { path: '/catalog/suppliers', label: 'menu.suppliers', permission: 'catalog.read', component: lazy(() => import('../pages/catalog/Suppliers')) },
    ],
  },
];

export const HOME_ICON = <HomeOutlined />;

/** The screens a user may open (permission held, offered by this server). */
export function visibleMenu(permissions: readonly string[], site: 'hq' | 'store'): MenuGroup[] {
  return MENU.map((g) => ({ ...g, screens: g.screens.filter((s) => (!s.permission || permissions.includes(s.permission)) && (!s.sites || s.sites.includes(site))) })).filter((g) => g.screens.length > 0);
}
