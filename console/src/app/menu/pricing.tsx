import { TagsOutlined } from '@ant-design/icons';
import { lazy } from './lazy';
import type { MenuGroup } from './types';

/** 价格促销: price changes, promotions, vouchers and gift cards — defined at HQ, applied at the tills. */
export const pricingMenu: MenuGroup = {
  key: 'pricing',
  label: 'menu.pricing',
  icon: <TagsOutlined />,
  screens: [
    { path: '/pricing/price-changes', label: 'menu.priceChanges', permission: 'pricing.read', sites: ['hq'], component: lazy(() => import('../../pages/pricing/PriceChanges')) },
    { path: '/pricing/price-history', label: 'menu.priceHistory', permission: 'pricing.read', component: lazy(() => import('../../pages/pricing/PriceHistory')) },
    { path: '/pricing/promotions', label: 'menu.promotions', permission: 'pricing.read', sites: ['hq'], component: lazy(() => import('../../pages/pricing/Promotions')) },
    { path: '/pricing/vouchers', label: 'menu.vouchers', permission: 'voucher.read', sites: ['hq'], component: lazy(() => import('../../pages/pricing/Vouchers')) },
    {
      path: '/pricing/voucher-exceptions',
      label: 'menu.voucherExceptions',
      permission: 'voucher.read',
      sites: ['hq'],
      component: lazy(() => import('../../pages/pricing/VoucherExceptions')),
    },
  ],
};
