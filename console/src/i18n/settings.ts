import type { AreaLabels } from '.';

/** 系统设置: roles, users, grants, 开新店, 门店基础资料, 操作日志. */
const zh = {
  menu: { settings: '系统设置', roles: '角色', users: '用户', openStore: '开新店', audit: '操作日志' },
  scope: {
    intro: '设置门店可查看总部哪些基本数据（商品信息按类别、往来单位、用户信息）。修改在门店下次传输时生效，移出范围的资料在门店变为停用。',
    pickStore: '选择门店',
    version: '第 {{v}} 版',
    reset: '还原',
    allCategories: '全部类别',
    categoryIds: '可见类别（含下级）',
    allSuppliers: '全部供应商',
    supplierIds: '可见供应商',
    allCustomers: '全部客户',
    customerIds: '可见客户',
    allUsers: '本店全部用户',
    userIds: '其他可登录用户',
  },
};

const en: typeof zh = {
  menu: { settings: 'Settings', roles: 'Roles', users: 'Users', openStore: 'Open a store', audit: 'Operation log' },
  scope: {
    intro: 'Which of HQ’s base data a store sees (products by category, suppliers and customers, users). A change reaches the store at its next sync; rows leaving the scope become inactive there.',
    pickStore: 'Choose a store',
    version: 'version {{v}}',
    reset: 'Reset',
    allCategories: 'All categories',
    categoryIds: 'Categories (with their subtrees)',
    allSuppliers: 'All suppliers',
    supplierIds: 'Suppliers',
    allCustomers: 'All customers',
    customerIds: 'Customers',
    allUsers: 'All users of the store',
    userIds: 'Further users who may sign in',
  },
};

const labels: AreaLabels = { zh, en };
export default labels;
