import type { AreaLabels } from '.';

/** 工作台: the HQ home page (merged into `home`). */
const zh = {
  menu: { dashboard: '工作台' },
  home: {
    dashboard: '工作台',
    user: '当前用户',
    salesToday: '今日各门店销售（{{day}}，净额）',
    todo: '待办',
    unavailable: '暂时无法读取',
    noRight: '没有查看权限',
    todos: {
      orders: '待审核采购订单',
      requests: '待确认要货申请',
      receipts: '待过账验收单',
      alerts: '库存预警',
      notSynced: '超过一天未传输的门店',
      failedRecords: '有失败记录的门店',
    },
  },
};

const en: typeof zh = {
  menu: { dashboard: 'Dashboard' },
  home: {
    dashboard: 'Dashboard',
    user: 'Signed in as',
    salesToday: 'Today’s sales by store ({{day}}, net)',
    todo: 'To do',
    unavailable: 'cannot be read right now',
    noRight: 'no right to see this',
    todos: {
      orders: 'Purchase orders to approve',
      requests: 'Requests to confirm',
      receipts: 'Receipts to post',
      alerts: 'Stock alerts',
      notSynced: 'Stores not synced for a day',
      failedRecords: 'Stores with failed records',
    },
  },
};

const labels: AreaLabels = { zh, en };
export default labels;
