import { GlobalOutlined, LogoutOutlined } from '@ant-design/icons';
import { ProLayout, type MenuDataItem } from '@ant-design/pro-components';
import { Button, Dropdown, Space, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useAuth } from '../lib/auth';
import { useLang } from '../lib/lang';
import { HOME, HOME_ICON, visibleMenu } from './screens';
import '../i18n/areas';

/** The frame around every screen: menus from the user's permissions, user menu, language switch. */
export default function Shell() {
  const { me, logout } = useAuth();
  const { lang, setLang } = useLang();
  const { t } = useTranslation();
  const location = useLocation();
  const site = me!.orgUnit.kind;
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
      menuItemRender={(item, dom) => (item.path ? <Link to={item.path}>{dom}</Link> : dom)}
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
