import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { PageContainer, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Popconfirm, Space } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';
import { useAuth } from './auth';
import { EntityForm, type Versioned } from './EntityForm';
import { ImportDialog } from './ImportDialog';
import { ServerTable, type ListQuery, type Page } from './ServerTable';

/** The calls of one base-data entity (/api/catalog/<path>), typed by the page that defines them. */
export interface CatalogResource<R extends Versioned, V extends Record<string, unknown>> {
  /** screen id (column settings key) */
  id: string;
  list(q: ListQuery): Promise<Page<R>>;
  get(id: string): Promise<R>;
  create(values: V): Promise<unknown>;
  update(id: string, values: V & { expectedVersion: number }): Promise<unknown>;
  disable(id: string, expectedVersion: number): Promise<unknown>;
  /** the list's Excel export (HQ) */
  exportFile: { path: string; fileName: string };
  /** permission to create, change and disable (HQ only: stores read their replica) */
  writePermission: string;
  /** the entity's path under /api/catalog when the API imports it (shows 导入 to `catalog.import`) */
  importEntity?: string;
}

export interface CatalogScreenProps<R extends Versioned, V extends Record<string, unknown>> {
  title: string;
  /** shown beside the title (e.g. the filter a screen was opened with) */
  subTitle?: ReactNode;
  resource: CatalogResource<R, V>;
  columns: ProColumns<R>[];
  /** the form's fields (ProForm* elements with `name`s as in the API) */
  fields: ReactNode;
  toValues(r: R): Partial<V>;
  defaults?: Partial<V>;
  createTitle: string;
  editTitle: string;
  /** the label of a record in confirmations */
  label(r: R): string;
  /** the form dialog's width (default 760) */
  width?: number;
}

/**
 * A base-data screen: the server-paged list, export, and (for users who may write, at HQ) create,
 * edit and disable with the shared form behaviour. Products and suppliers are two definitions.
 */
export function CatalogScreen<R extends Versioned & Record<string, unknown>, V extends Record<string, unknown>>(p: CatalogScreenProps<R, V>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, me } = useAuth();
  const actionRef = useRef<ActionType>();
  const [editing, setEditing] = useState<R | undefined>();
  const [open, setOpen] = useState(false);
  const [importing, setImporting] = useState(false);
  const writable = can(p.resource.writePermission) && me?.orgUnit.kind === 'hq';
  const importable = writable && !!p.resource.importEntity && can('catalog.import');

  const openForm = (r?: R) => {
    setEditing(r);
    setOpen(true);
  };
  const disable = async (r: R) => {
    try {
      await p.resource.disable(r.id, r.rowVersion);
      void message.success(t('common.disabled'));
      void actionRef.current?.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  };

  const actions: ProColumns<R> = {
    title: t('common.actions'),
    valueType: 'option',
    fixed: 'right',
    key: 'actions',
    render: (_, r) => (
      <Space>
        <a onClick={() => openForm(r)}>{t('common.edit')}</a>
        {r.status !== 'disabled' && (
          <Popconfirm title={t('common.confirmDisable', { name: p.label(r) })} onConfirm={() => disable(r)}>
            <a>{t('common.disable')}</a>
          </Popconfirm>
        )}
      </Space>
    ),
  };

  return (
    <PageContainer title={p.title} subTitle={p.subTitle}>
      <ServerTable<R>
        id={p.resource.id}
        headerTitle={p.title}
        actionRef={actionRef}
        columns={writable ? [...p.columns, actions] : p.columns}
        fetchPage={p.resource.list}
        // the export lives at HQ; a store's server answers lists of its replica only
        exportFile={me?.orgUnit.kind === 'hq' ? p.resource.exportFile : undefined}
        toolBar={
          writable
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => openForm()}>
                  {t('common.create')}
                </Button>,
                ...(importable
                  ? [
                      <Button key="import" icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                        {t('import.button')}
                      </Button>,
                    ]
                  : []),
              ]
            : []
        }
      />
      {importable && (
        <ImportDialog open={importing} onClose={() => setImporting(false)} entity={p.resource.importEntity!} title={`${t('import.button')} · ${p.title}`} onCommitted={() => void actionRef.current?.reload()} />
      )}
      {writable && (
        <EntityForm<R, V>
          title={editing ? p.editTitle : p.createTitle}
          width={p.width}
          open={open}
          onOpenChange={setOpen}
          record={editing}
          toValues={p.toValues}
          defaults={p.defaults}
          fetchRecord={p.resource.get}
          submit={(values, record) => (record ? p.resource.update(record.id, { ...values, expectedVersion: record.rowVersion }) : p.resource.create(values))}
          onSaved={() => {
            setOpen(false);
            void actionRef.current?.reload();
          }}
        >
          {p.fields}
        </EntityForm>
      )}
    </PageContainer>
  );
}
