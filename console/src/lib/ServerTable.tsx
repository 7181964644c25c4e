import { DownloadOutlined } from '@ant-design/icons';
import { ProTable, type ActionType, type ProColumns, type ProTableProps } from '@ant-design/pro-components';
import { App, Button } from 'antd';
import { useRef, useState, type MutableRefObject, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, download } from './api';

/**
 * `sort` terms from the table's sorter (`code`, `-retailPrice`). Each list's document types its
 * `sort` as an array of that list's keys; the table only knows its columns' keys at run time, so
 * the terms are typed to fit any list (`never[]`) and the server refuses a key it does not allow.
 */
export type SortTerms = never[];

/** What every list endpoint takes (docs/api.md): page, pageSize, sort (`-createdAt,code`), filters. */
export type ListQuery = { page: number; pageSize: number; sort?: SortTerms } & Record<string, unknown>;
export interface Page<T> {
  items: T[];
  total: number;
}

export interface ServerTableProps<T> {
  /** the screen's name; also the key under which column settings are remembered */
  id: string;
  headerTitle: ReactNode;
  columns: ProColumns<T>[];
  fetchPage(q: ListQuery): Promise<Page<T>>;
  /** the list's Excel export (same filters as the list, without paging) */
  exportFile?: { path: string; fileName: string };
  toolBar?: ReactNode[];
  actionRef?: MutableRefObject<ActionType | undefined>;
  rowKey?: string;
  /** false: no filter form (a list already narrowed by its screen) */
  search?: false;
  /** rows that open to show more (e.g. an audit entry's field changes) */
  expandable?: ProTableProps<T, Record<string, unknown>>['expandable'];
}

/** antd's sorter state → the API's `sort` (`code`, `-retailPrice`). */
export function toSort(sort: Record<string, 'ascend' | 'descend' | null>): SortTerms | undefined {
  const parts = Object.entries(sort)
    .filter(([, dir]) => dir)
    .map(([key, dir]) => (dir === 'descend' ? `-${key}` : key));
  return parts.length ? (parts as never[]) : undefined;
}

/** Filter values as query parameters: empty ones left out, so the server applies no filter. */
function filters(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k === 'current' || k === 'pageSize' || k === 'keyword') continue;
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) continue;
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/**
 * A server-paged list: paging, sorting and filters go to the API; column settings (show, order,
 * pin) are remembered in this browser; the export button downloads the list's Excel file with the
 * filters on screen. Errors show the server's code and message.
 */
export function ServerTable<T extends Record<string, unknown>>(props: ServerTableProps<T>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ownRef = useRef<ActionType>();
  const last = useRef<Record<string, unknown>>({});
  /** the answer of the newest request sent (see `request` below) */
  const latest = useRef<Promise<{ data: T[]; total: number; success: boolean }>>();
  const [exporting, setExporting] = useState(false);

  const doExport = async () => {
    if (!props.exportFile) return;
    setExporting(true);
    try {
      await download(props.exportFile.path, last.current, props.exportFile.fileName);
    } catch (e) {
      void message.error(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <ProTable<T>
      rowKey={props.rowKey ?? 'id'}
      expandable={props.expandable}
      headerTitle={props.headerTitle}
      actionRef={props.actionRef ?? ownRef}
      columns={props.columns}
      request={async (params, sort) => {
        const query = { ...filters(params), sort: toSort(sort) };
        last.current = query;
        let answer = (async () => {
          try {
            const page = await props.fetchPage({ page: params.current ?? 1, pageSize: params.pageSize ?? 20, ...query });
            return { data: page.items, total: page.total, success: true };
          } catch (e) {
            void message.error(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
            return { data: [], total: 0, success: false };
          }
        })();
        latest.current = answer;
        // ProTable shows every answer in the order they arrive, even one it has "aborted" (a reload
        // after an action): an older answer arriving after a newer one would put the rows from before
        // the action back on screen. An answer that is no longer the newest gives the newest's.
        let result = await answer;
        for (let newest = latest.current; newest !== undefined && newest !== answer; newest = latest.current) {
          answer = newest;
          result = await answer;
        }
        return result;
      }}
      pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100] }}
      search={props.search === false ? false : { labelWidth: 'auto', defaultCollapsed: false }}
      options={{ setting: { draggable: true }, density: true, reload: true, fullScreen: false }}
      columnsState={{ persistenceKey: `chain-erp.columns.${props.id}`, persistenceType: 'localStorage' }}
      scroll={{ x: 'max-content' }}
      dateFormatter="string"
      toolBarRender={() => [
        ...(props.toolBar ?? []),
        ...(props.exportFile
          ? [
              <Button key="export" icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport()}>
                {exporting ? t('common.exporting') : t('common.export')}
              </Button>,
            ]
          : []),
      ]}
    />
  );
}
