import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

/** Chinese first; the choice is remembered in this browser. */
export type Lang = 'zh-CN' | 'en-US';
const STORAGE_KEY = 'chain-erp.lang';

const zh = {
  app: { title: '连锁 ERP', hq: '总部', store: '门店' },
  menu: { home: '首页', catalog: '基本信息', products: '商品', suppliers: '供应商' },
  login: {
    title: '登录',
    subtitle: '连锁零售管理系统',
    username: '用户名',
    password: '密码',
    submit: '登录',
    required: '请输入{{field}}',
  },
  shell: { logout: '退出登录', language: 'English', sessionEnded: '登录已过期，请重新登录' },
  home: { welcome: '欢迎，{{name}}', org: '所属机构', roles: '角色', shortcuts: '常用功能', none: '您的账号没有可用的功能，请联系管理员授权。' },
  common: {
    create: '新增',
    edit: '编辑',
    disable: '停用',
    save: '保存',
    cancel: '取消',
    export: '导出 Excel',
    exporting: '正在导出…',
    actions: '操作',
    search: '关键字',
    searchHint: '编码或名称',
    status: '状态',
    createdAt: '创建时间',
    updatedAt: '修改时间',
    saved: '已保存',
    disabled: '已停用',
    confirmDisable: '确定停用“{{name}}”？停用后不再可用，数据不会删除。',
    conflictTitle: '记录已被他人修改',
    conflictBody: '您编辑期间，其他人保存了这条记录。重新加载最新数据后再修改？',
    reload: '重新加载',
    error: '操作失败',
    yes: '是',
    no: '否',
  },
  status: { active: '启用', disabled: '停用', discontinued: '停售' },
  product: {
    code: '商品编码',
    name: '商品名称',
    shortName: '简称',
    specification: '规格',
    unit: '单位',
    category: '类别',
    brand: '品牌',
    supplier: '默认供应商',
    barcodes: '条码',
    barcodesHint: '输入后回车，第一个为主条码',
    purchasePrice: '进价',
    retailPrice: '零售价',
    memberPrice: '会员价',
    wholesalePrice: '批发价',
    taxRate: '税率%',
    shelfLifeDays: '保质期天数',
    batchManaged: '批次管理',
    weighed: '称重',
    minStock: '最低库存',
    maxStock: '最高库存',
    barcode: '条码（精确）',
    createTitle: '新增商品',
    editTitle: '编辑商品',
    status: { active: '正常', discontinued: '停售', disabled: '停用' },
  },
  supplier: {
    code: '供应商编码',
    name: '供应商名称',
    contact: '联系人',
    phone: '电话',
    address: '地址',
    taxNumber: '税号',
    bank: '开户银行',
    bankAccount: '银行账号',
    paymentTermsDays: '账期天数',
    createTitle: '新增供应商',
    editTitle: '编辑供应商',
  },
};

type Tree = { [k: string]: string | Tree };
const en: typeof zh = {
  app: { title: 'Chain ERP', hq: 'HQ', store: 'Store' },
  menu: { home: 'Home', catalog: 'Base data', products: 'Products', suppliers: 'Suppliers' },
  login: { title: 'Sign in', subtitle: 'Chain retail management', username: 'Username', password: 'Password', submit: 'Sign in', required: 'Enter the {{field}}' },
  shell: { logout: 'Sign out', language: '中文', sessionEnded: 'Your session ended; sign in again' },
  home: { welcome: 'Welcome, {{name}}', org: 'Org unit', roles: 'Roles', shortcuts: 'Shortcuts', none: 'Your account has no functions yet; ask an administrator for rights.' },
  common: {
    create: 'New',
    edit: 'Edit',
    disable: 'Disable',
    save: 'Save',
    cancel: 'Cancel',
    export: 'Export Excel',
    exporting: 'Exporting…',
    actions: 'Actions',
    search: 'Search',
    searchHint: 'code or name',
    status: 'Status',
    createdAt: 'Created',
    updatedAt: 'Changed',
    saved: 'Saved',
    disabled: 'Disabled',
    confirmDisable: 'Disable “{{name}}”? It can no longer be used; nothing is deleted.',
    conflictTitle: 'Changed by someone else',
    conflictBody: 'Someone saved this record while you were editing it. Reload the latest version and edit again?',
    reload: 'Reload',
    error: 'The operation failed',
    yes: 'Yes',
    no: 'No',
  },
  status: { active: 'Active', disabled: 'Disabled', discontinued: 'Discontinued' },
  product: {
    code: 'Product code',
    name: 'Product name',
    shortName: 'Short name',
    specification: 'Specification',
    unit: 'Unit',
    category: 'Category',
    brand: 'Brand',
    supplier: 'Default supplier',
    barcodes: 'Barcodes',
    barcodesHint: 'type and press Enter; the first is the primary',
    purchasePrice: 'Purchase price',
    retailPrice: 'Retail price',
    memberPrice: 'Member price',
    wholesalePrice: 'Wholesale price',
    taxRate: 'Tax rate %',
    shelfLifeDays: 'Shelf life (days)',
    batchManaged: 'Batch managed',
    weighed: 'Weighed',
    minStock: 'Minimum stock',
    maxStock: 'Maximum stock',
    barcode: 'Barcode (exact)',
    createTitle: 'New product',
    editTitle: 'Edit product',
    status: { active: 'Active', discontinued: 'Discontinued', disabled: 'Disabled' },
  },
  supplier: {
    code: 'Supplier code',
    name: 'Supplier name',
    contact: 'Contact',
    phone: 'Phone',
    address: 'Address',
    taxNumber: 'Tax number',
    bank: 'Bank',
    bankAccount: 'Bank account',
    paymentTermsDays: 'Payment terms (days)',
    createTitle: 'New supplier',
    editTitle: 'Edit supplier',
  },
};
void (en satisfies Tree);

export function initialLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === 'en-US' ? 'en-US' : 'zh-CN';
}

export function rememberLang(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zh }, 'en-US': { translation: en } },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export default i18n;
