import { IdcardOutlined } from '@ant-design/icons';
import { lazy } from './lazy';
import type { MenuGroup } from './types';

/** 会员管理: 卡类型, 制卡 (卡劵管理), 卡台账, 会员中心. */
export const memberMenu: MenuGroup = {
  key: 'member',
  label: 'menu.member',
  icon: <IdcardOutlined />,
  screens: [
    { path: '/member/card-types', label: 'menu.cardTypes', permission: 'member.read', component: lazy(() => import('../../pages/member/CardTypes')) },
    { path: '/member/card-batches', label: 'menu.cardBatches', permission: 'member.read', component: lazy(() => import('../../pages/member/CardBatches')) },
    { path: '/member/cards', label: 'menu.cards', permission: 'member.read', component: lazy(() => import('../../pages/member/Cards')) },
    { path: '/member/center', label: 'menu.memberCenter', permission: 'member.read', component: lazy(() => import('../../pages/member/MemberCenter')) },
  ],
};
