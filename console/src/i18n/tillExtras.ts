import type { AreaLabels } from '.';

/** 收银台: the lock screen (锁屏), top-ups (充值 / 充值冲正), the catalog cached in the browser and the customer display (客显). */
const zh = {
  till: {
    display: { welcome: '欢迎光临', off: '客显未启用（外设设置）', paid: '实收', change: '找零' },
    actions: { 'top-up': '充值', 'top-up-reverse': '充值冲正' },
    lock: {
      title: '收银台已锁定',
      lockedBy: '{{name}}（{{user}}）于 {{at}} 锁屏',
      basketKept: '当前销售 {{n}} 行商品已保留',
      password: '收银员密码（回车解锁）',
      takeover: '店长接管',
      toTakeover: 'F2 店长接管',
      backToCashier: 'F2 返回收银员解锁',
      notManager: '{{user}} 不能接管收银台（缺少权限 {{permissions}}）',
      otherShift: '本收银机的班次 {{no}} 属于 {{cashier}}：按 {{key}} 为其交班后开始自己的班次，当前商品保留',
    },
    topUp: {
      title: '会员充值',
      reverseTitle: '充值冲正',
      cardNo: '会员卡号',
      amount: '充值金额',
      tendered: '实收（现金可找零）',
      methodHint: '↑↓ 选择付款方式（储值卡不能用于充值）',
      incomplete: '请填写卡号和金额',
      tenderShort: '实收少于充值金额',
      networkError: '网络错误，充值未确认。按回车用同一单号重试（不会重复充值）',
      no: '充值单号',
      balance: '卡余额',
      enterCloses: '回车关闭',
      done: '充值单 {{no}}：{{card}} 充值 {{amount}}',
      reason: '冲正原因（回车确认）',
      reasonShort: '请填写冲正原因（至少两个字）',
      notATopUp: '{{no}} 是冲正单，不能再冲正',
      reversed: '冲正单 {{no}}（原充值单 {{original}}）：退回 {{amount}}，{{method}}',
    },
    catalog: {
      ready: '商品缓存 {{n}} 种',
      loading: '商品缓存更新中…',
      unavailable: '商品缓存不可用',
      provisional: '待定价',
      provisionalHint: '门店服务器暂时无响应：商品按本机缓存的参考价列出，恢复连接后自动重新定价；定价前不能结账',
      waitPrice: '等待门店服务器定价后才能结账',
    },
  },
};

const en: typeof zh = {
  till: {
    display: { welcome: 'Welcome', off: 'Customer display is off (Peripherals)', paid: 'Paid', change: 'Change' },
    actions: { 'top-up': 'Top up', 'top-up-reverse': 'Reverse top-up' },
    lock: {
      title: 'The till is locked',
      lockedBy: 'Locked by {{name}} ({{user}}) at {{at}}',
      basketKept: 'The sale in progress ({{n}} lines) is kept',
      password: 'Cashier password (Enter unlocks)',
      takeover: 'Manager takes over',
      toTakeover: 'F2: a manager takes over',
      backToCashier: 'F2: back to the cashier',
      notManager: '{{user}} may not take over a till (lacks {{permissions}})',
      otherShift: 'This till’s shift {{no}} is {{cashier}}’s: hand it over with {{key}}, then open your own; the basket is kept',
    },
    topUp: {
      title: 'Top up a member card',
      reverseTitle: 'Reverse a top-up',
      cardNo: 'Card number',
      amount: 'Amount',
      tendered: 'Tendered (cash gives change)',
      methodHint: '↑↓ choose the payment method (stored value cannot pay a top-up)',
      incomplete: 'Enter the card and the amount',
      tenderShort: 'Tendered is less than the amount',
      networkError: 'Network error, the top-up is not confirmed. Enter retries with the same id (never credited twice)',
      no: 'Top-up no.',
      balance: 'Card balance',
      enterCloses: 'Enter closes',
      done: 'Top-up {{no}}: {{amount}} onto {{card}}',
      reason: 'Reason (Enter reverses)',
      reasonShort: 'Give a reason (two characters at least)',
      notATopUp: '{{no}} is a reversal: it cannot be reversed',
      reversed: 'Reversal {{no}} (of {{original}}): {{amount}} paid back, {{method}}',
    },
    catalog: {
      ready: '{{n}} products cached',
      loading: 'Updating the product cache…',
      unavailable: 'Product cache unavailable',
      provisional: 'unpriced',
      provisionalHint: 'The store server does not answer: lines show the cached reference price and are priced again once it answers; no payment before that',
      waitPrice: 'Waiting for the store server to price the sale before payment',
    },
  },
};

const labels: AreaLabels = { zh, en };
export default labels;
