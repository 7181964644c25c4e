import { PageContainer } from '@ant-design/pro-components';
import { Card, Descriptions, Empty, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { visibleMenu } from '../app/screens';
import { useAuth } from '../lib/auth';

/** 首页: who is signed in where, and the screens this user may open. */
export default function Home() {
  const { me } = useAuth();
  const { t } = useTranslation();
  const groups = visibleMenu(me!.permissions, me!.orgUnit.kind);
  return (
    <PageContainer title={t('home.welcome', { name: me!.displayName || me!.username })}>
      <Card>
        <Descriptions column={1}>
          <Descriptions.Item label={t('home.org')}>
            {me!.orgUnit.code} {me!.orgUnit.name}
          </Descriptions.Item>
          <Descriptions.Item label={t('home.roles')}>
            {me!.roles.map((r) => (
              <Tag key={r}>{r}</Tag>
            ))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('home.shortcuts')} style={{ marginTop: 16 }}>
        {groups.length === 0 ? (
          <Empty description={t('home.none')} />
        ) : (
          groups.map((g) => (
            <Space key={g.key} wrap style={{ marginRight: 24 }}>
              <strong>{t(g.label)}</strong>
              {g.screens.map((s) => (
                <Link key={s.path} to={s.path}>
                  {t(s.label)}
                </Link>
              ))}
            </Space>
          ))
        )}
      </Card>
    </PageContainer>
  );
}
