import { GlobalOutlined, LogoutOutlined } from '@ant-design/icons';
import { ProLayout, type MenuDataItem } from '@ant-design/pro-components';
import { Button, Dropdown, Space, Tag } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useAuth } from '../lib/auth';
import { useLang } from '../lib/lang';
import { HOME, HOME_ICON, preloadScreen, visibleMenu } from './screens';
import '../i18n/areas';

/**
 * Once the shell has shown and the browser is idle, the code the list screens share (ProTable, the
 * entity form) loads and compiles, so the first menu click renders its screen instead of fetching
 * and compiling ~1 MB of JavaScript first. The home screen itself does not need it.
 */
function preloadListCode(): () => void {
  const load = () => void import('../lib/CatalogScreen').catch(() => undefined); // a failed load is retried by the screen
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(load, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }
  const timer = setTimeout(load, 1000);
  return () => clearTimeout(timer);
}

/** The frame around every screen: menus from the user's permissions, user menu, language switch. */
export default function Shell() {
  const { me, logout } = useAuth();
  const { lang, setLang } = useLang();
  const { t } = useTranslation();
  const location = useLocation();
  const site = me!.orgUnit.kind;
  useEffect(preloadListCode, []);
  const menu = useMemo<MenuDataItem[]>(
    () => [
      { path: HOME.path, name: t(HOME.label), icon: HOME_ICON },
      ...visibleMenu(me!.permissions, site).map((g) => ({
        key: g.key,
        path: `/${g.key}`,
        name: t(g.label),
        icon: g.icon,
        children: g.screens.map((s) => ({ path: s.path, name: t(s.label) })),
      })),
    ],
    [me, site, t],
  );
  return (
    <ProLayout
      title={t('app.title')}
      logo={false}
      layout="mix"
      fixSiderbar
      location={{ pathname: location.pathname }}
      route={{ path: '/', routes: menu }}
      menu={{ defaultOpenAll: true, autoClose: false }}
      // the screen's chunks start loading when the pointer or the keyboard reaches its item
      menuItemRender={(item, dom) =>
        item.path ? (
          <Link to={item.path} onMouseEnter={() => preloadScreen(item.path!)} onFocus={() => preloadScreen(item.path!)}>
            {dom}
          </Link>
        ) : (
          dom
        )
      }
      actionsRender={() => [
        <Button key="lang" type="text" icon={<GlobalOutlined />} onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')} data-testid="lang-switch">
          {t('shell.language')}
        </Button>,
      ]}
      avatarProps={{
        title: (
          <Space size={4}>
            <span data-testid="current-user">{me!.displayName || me!.username}</span>
            <Tag color={site === 'hq' ? 'blue' : 'green'}>
              {me!.orgUnit.name} · {t(site === 'hq' ? 'app.hq' : 'app.store')}
            </Tag>
          </Space>
        ),
        size: 'small',
        render: (_props, dom) => (
          <Dropdown menu={{ items: [{ key: 'logout', icon: <LogoutOutlined />, label: t('shell.logout'), onClick: () => void logout() }] }}>
            <span data-testid="user-menu">{dom}</span>
          </Dropdown>
        ),
      }}
    >
      <Outlet />
    </ProLayout>
  );
}
