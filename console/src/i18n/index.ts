import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

/** Chinese first; the choice is remembered in this browser. */
export type Lang = 'zh-CN' | 'en-US';
export type Tree = { [k: string]: string | Tree };
const STORAGE_KEY = 'chain-erp.lang';

/** Labels of one area, in both languages (English must have every Chinese key). */
export interface AreaLabels {
  zh: Tree;
  en: Tree;
}

const zh = {
  app: { title: '连锁 ERP', hq: '总部', store: '门店' },
  menu: { home: '首页' },
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
};

const en: Tree = {
  app: { title: 'Chain ERP', hq: 'HQ', store: 'Store' },
  menu: { home: 'Home' },
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
};

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

/**
 * Each area keeps its labels in its own file (one per menu group), deep-merged into the one
 * namespace so keys read the same everywhere (t('product.code'), t('menu.products')). They are
 * registered by ./areas, which the signed-in shell, the till and the setup wizard import — so the
 * login page (the first page) loads only the labels above.
 */
export function registerAreas(areas: AreaLabels[]): void {
  for (const area of areas) {
    i18n.addResourceBundle('zh-CN', 'translation', area.zh, true, true);
    i18n.addResourceBundle('en-US', 'translation', area.en, true, true);
  }
}

export default i18n;
