import type { ProColumns } from '@ant-design/pro-components';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** A base-data record with a code and a name (units, brands, categories …). */
export interface CodeNamed extends Record<string, unknown> {
  id: string;
  rowVersion: number;
  code: string;
  name: string;
  status: 'active' | 'disabled';
  updatedAt: string;
}

export function useStatusEnum() {
  const { t } = useTranslation();
  return { active: { text: t('status.active'), status: 'Success' }, disabled: { text: t('status.disabled'), status: 'Default' } };
}

/** search, code, name, status, changed — the columns every code/name list starts with */
export function codeNameColumns<R extends CodeNamed>(t: TFunction, area: string, statusEnum: ReturnType<typeof useStatusEnum>, extra: ProColumns<R>[] = []): ProColumns<R>[] {
  return [
    { title: t('common.search'), dataIndex: 'search', hideInTable: true, fieldProps: { placeholder: t('common.searchHint') } },
    { title: t(`${area}.code`), dataIndex: 'code', sorter: true, copyable: true, search: false, fixed: 'left' },
    { title: t(`${area}.name`), dataIndex: 'name', sorter: true, search: false },
    ...extra,
    { title: t('common.status'), dataIndex: 'status', valueType: 'select', valueEnum: statusEnum },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', valueType: 'dateTime', sorter: true, search: false },
  ];
}
