import { HomeOutlined } from '@ant-design/icons';
import { matchPath } from 'react-router';
import { catalogMenu } from './menu/catalog';
import { chainMenu } from './menu/chain';
import { inventoryMenu } from './menu/inventory';
import { lazy } from './menu/lazy';
import { memberMenu } from './menu/member';
import { purchaseMenu } from './menu/purchase';
import { reportsMenu } from './menu/reports';
import { settingsMenu } from './menu/settings';
import { storeMenu } from './menu/store';
import { storeSettingsMenu } from './menu/storeSettings';
import { pricingMenu } from './menu/pricing';
import { posMenu } from './menu/pos';
import { settlementMenu } from './menu/settlement';
import { wholesaleMenu } from './menu/wholesale';
import type { MenuGroup, Screen } from './menu/types';

export type { MenuGroup, Screen } from './menu/types';

/**
 * Every screen of the console: its path, menu label (i18n key), the permission that shows it, and
 * its code as a lazy chunk (the first page loads only the shell). Menus follow the seeds' user
 * guide: 基本信息 → 系统设置 → 连锁管理 → 采购管理 → 会员管理 → 零售收银.
 */
export const HOME: Screen = { path: '/', label: 'menu.home', component: lazy(() => import('../pages/Home')) };

/**
 * The menu groups in the order of the seeds' user guide. Each group lives in its own file under
 * ./menu/ (its screens, paths, permissions); add a group's import here in its place.
 */
export const MENU: MenuGroup[] = [
  catalogMenu,
  settingsMenu,
  storeSettingsMenu,
  chainMenu,
  storeMenu,
  purchaseMenu,
  wholesaleMenu,
  settlementMenu,
  memberMenu,
  pricingMenu,
  posMenu,
  inventoryMenu,
  reportsMenu,
];

export const HOME_ICON = <HomeOutlined />;

/** The screens a user may open (permission held, offered by this server). */
export function visibleMenu(permissions: readonly string[], site: 'hq' | 'store'): MenuGroup[] {
  return MENU.map((g) => ({ ...g, screens: g.screens.filter((s) => (!s.permission || permissions.includes(s.permission)) && (!s.sites || s.sites.includes(site))) })).filter(
    (g) => g.screens.length > 0,
  );
}

/**
 * Starts loading the chunks of the screen at `pathname` (a menu item hovered or focused, a deep
 * link while the sign-in check is in flight) and returns it; a load that fails is retried by the
 * screen's render.
 */
export function preloadScreen(pathname: string): Screen | undefined {
  const screen = [HOME, ...MENU.flatMap((g) => g.screens)].find((s) => matchPath(s.path, pathname));
  screen?.component.preload?.().catch(() => undefined);
  return screen;
}
