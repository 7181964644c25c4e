import { SettingOutlined } from '@ant-design/icons';
import { lazy } from './lazy';
import type { MenuGroup } from './types';

/** 系统设置: 角色 → 用户 → 授权 (the user guide's order), 开新店, 操作日志. */
export const settingsMenu: MenuGroup = {
  key: 'settings',
  label: 'menu.settings',
  icon: <SettingOutlined />,
  screens: [
    { path: '/settings/roles', label: 'menu.roles', permission: 'identity.role.read', component: lazy(() => import('../../pages/settings/Roles')) },
    { path: '/settings/users', label: 'menu.users', permission: 'identity.user.read', component: lazy(() => import('../../pages/settings/Users')) },
    { path: '/settings/open-store', label: 'menu.openStore', permission: 'store.open', sites: ['hq'], component: lazy(() => import('../../pages/settings/OpenStore')) },
    { path: '/settings/audit', label: 'menu.audit', permission: 'system.audit.read', component: lazy(() => import('../../pages/settings/Audit')) },
  ],
};
