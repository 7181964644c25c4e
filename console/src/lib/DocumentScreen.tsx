import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Modal, Table, type TableColumnsType } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { download, ok } from './api';
import { AuditTrail, errorText, PrintButton, StatusTag, type AuditRow } from './documents';
import { ServerTable, type ListQuery, type Page } from './ServerTable';

/**
 * What the document screens with a list, a create/edit dialog and a drawer share (采购订单, 批发订单,
 * 批发出库, 批发退货): the page itself, the drawer's frame, its lines and audit tabs, the print and
 * Excel buttons.
 */

type T = (k: string) => string;

/**
 * A document list whose row opens the document in a drawer (`?id=` in the address, so a link or a
 * reload reopens it), with 新建 for writers and the create/edit dialog (edit comes from the drawer).
 */
export function DocumentListScreen<R extends Record<string, unknown>, D>(props: {
  /** the menu's title; also the list's */
  title: string;
  /** the list's id (column settings are kept under it) */
  listId: string;
  columns(open: (id: string) => void): ProColumns<R>[];
  fetchPage(q: ListQuery): Promise<Page<R>>;
  exportFile?: { path: string; fileName: string };
  writable: boolean;
  createTestId: string;
  form(p: { open: boolean; onOpenChange(v: boolean): void; record?: D; onSaved(d: { id: string }): void }): ReactNode;
  drawer(p: { id: string; onClose(): void; onChanged(): void; onEdit(d: D): void }): ReactNode;
}) {
  const { t } = useTranslation();
  const actionRef = useRef<ActionType>();
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<D | undefined>();
  return (
    <PageContainer title={props.title}>
      <ServerTable<R>
        id={props.listId}
        headerTitle={props.title}
        actionRef={actionRef}
        columns={props.columns((id) => setParams({ id }))}
        fetchPage={props.fetchPage}
        exportFile={props.exportFile}
        toolBar={
          props.writable
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => (setEditing(undefined), setFormOpen(true))} data-testid={props.createTestId}>
                  {t('common.create')}
                </Button>,
              ]
            : []
        }
      />
      {props.writable &&
        props.form({
          open: formOpen,
          onOpenChange: setFormOpen,
          record: editing,
          onSaved: (d) => {
            setFormOpen(false);
            void actionRef.current?.reload();
            setParams({ id: d.id });
          },
        })}
      {openId &&
        props.drawer({
          id: openId,
          onClose: () => setParams({}),
          onChanged: () => void actionRef.current?.reload(),
          onEdit: (d) => (setEditing(d), setFormOpen(true)),
        })}
    </PageContainer>
  );
}

/** Reloads a document drawer's document and audit trail, and tells the list. */
export function useDocRefresh(queryKey: string, id: string, onChanged: () => void) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: [queryKey, id] });
    void qc.invalidateQueries({ queryKey: ['audit', queryKey, id] });
    onChanged();
  };
}

/** A document's drawer: `<menu> <number>` as the title, its status tag, the load error, the body once loaded. */
export function DocDrawer<D extends { number: string; status: string }>(props: {
  title: string;
  doc: D | undefined;
  error: unknown;
  width: number;
  testId: string;
  onClose(): void;
  children(doc: D): ReactNode;
}) {
  const d = props.doc;
  return (
    <Drawer open width={props.width} title={d ? `${props.title} ${d.number}` : ''} onClose={props.onClose} extra={d && <StatusTag status={d.status} />} data-testid={props.testId}>
      {props.error ? <Alert type="error" message={errorText(props.error)} /> : null}
      {d && props.children(d)}
    </Drawer>
  );
}

/** The product columns that start a drawer's lines table. */
export const lineHeadColumns = (t: T) => [
  { title: '#', dataIndex: 'lineNo' },
  { title: t('product.code'), dataIndex: 'productCode' },
  { title: t('product.name'), dataIndex: 'productName' },
  { title: t('product.unit'), dataIndex: 'unitName' },
];

/** The drawer's lines tab (titled `label`): the product columns, then the document's own. */
export function linesTab<L extends { id: string }>(label: string, t: T, lines: L[], columns: TableColumnsType<L>, scroll = true) {
  return {
    key: 'lines',
    label,
    children: (
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={lines}
        scroll={scroll ? { x: 'max-content' } : undefined}
        columns={[...(lineHeadColumns(t) as TableColumnsType<L>), ...columns]}
      />
    ),
  };
}

/** The drawer's 操作记录 tab. */
export const auditTab = (t: T, queryKey: string, id: string, load: () => Promise<{ data?: unknown; error?: unknown }>) => ({
  key: 'audit',
  label: t('doc.audit'),
  children: <AuditTrail queryKey={[queryKey, id]} load={async () => ok<AuditRow[]>(await load())} />,
});

/** The document's Excel file as the server makes it (`…/:id/document?format=xlsx`). */
export function DocumentExcel(props: { path: string; fileName: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <Button icon={<DownloadOutlined />} onClick={() => download(props.path, { format: 'xlsx' }, props.fileName).catch((e) => void message.error(String(e)))}>
      {t('common.export')}
    </Button>
  );
}

/** The buttons of the document toolbar: 打印预览 and the Excel file. */
export function PrintExportButtons(props: { onPrint(): void; printTestId?: string; path: string; fileName: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Button onClick={props.onPrint} data-testid={props.printTestId}>
        {t('doc.printView')}
      </Button>
      <DocumentExcel path={props.path} fileName={props.fileName} />
    </>
  );
}

/** The print preview dialog around a PrintSheet. */
export function PrintModal(props: { open: boolean; onClose(): void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Modal open={props.open} onCancel={props.onClose} width={900} footer={<PrintButton />} title={t('doc.printView')}>
      {props.children}
    </Modal>
  );
}
