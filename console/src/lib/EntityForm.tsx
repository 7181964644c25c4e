import { ModalForm } from '@ant-design/pro-components';
import { Alert, App, Form } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

export interface Versioned {
  id: string;
  rowVersion: number;
}

export interface EntityFormProps<R extends Versioned, V extends Record<string, unknown>> {
  title: string;
  open: boolean;
  onOpenChange(open: boolean): void;
  /** the record being edited; absent = create */
  record?: R;
  /** a record's values as the form shows them */
  toValues(record: R): Partial<V>;
  /** values of a new record */
  defaults?: Partial<V>;
  /** reads the record again (after a version conflict) */
  fetchRecord(id: string): Promise<R>;
  /** create (record absent) or update with `expectedVersion` = the version the form shows */
  submit(values: V, record?: R): Promise<unknown>;
  onSaved(): void;
  children: ReactNode;
  width?: number;
}

/**
 * Form values as an API body: untouched optional fields left out of a create; a cleared field
 * sent as null on an update (the server's "empty").
 */
export function toBody<V extends Record<string, unknown>>(values: V, isCreate: boolean): V {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    const empty = v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
    if (empty) {
      if (!isCreate) out[k] = null;
      continue;
    }
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out as V;
}

const isLeaf = (v: unknown) => v === null || typeof v !== 'object' || v instanceof Date || '$d' in v || (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object'));

/** The paths of a form's values that are fields (`name`, `barcodes`, `lines.0.retailPrice`), not groups of fields. */
function fieldPaths(values: object, prefix = ''): string[] {
  return Object.entries(values).flatMap(([k, v]) => (isLeaf(v) ? [prefix + k] : fieldPaths(v as object, `${prefix}${k}.`)));
}

/**
 * Create/edit in a dialog. The server decides: its field errors (`fields[]`) appear under the
 * fields, any other error as its code and message above the form; a 409 VERSION_CONFLICT offers
 * to reload the record (someone else saved it meanwhile).
 */
export function EntityForm<R extends Versioned, V extends Record<string, unknown>>(props: EntityFormProps<R, V>) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<V>();
  const [current, setCurrent] = useState<R | undefined>(props.record);
  const [failure, setFailure] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!props.open) return;
    setCurrent(props.record);
    setFailure(null);
    form.resetFields();
    form.setFieldsValue((props.record ? props.toValues(props.record) : (props.defaults ?? {})) as never);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open, props.record]);

  const reload = async (id: string) => {
    const fresh = await props.fetchRecord(id);
    setCurrent(fresh);
    setFailure(null);
    form.resetFields();
    form.setFieldsValue(props.toValues(fresh) as never);
  };

  const onFinish = async (values: V) => {
    setFailure(null);
    try {
      await props.submit(toBody(values, !current), current);
      void message.success(t('common.saved'));
      props.onSaved();
      return true;
    } catch (e) {
      if (!(e instanceof ApiError)) {
        setFailure(new ApiError(0, { statusCode: 0, code: 'NETWORK', message: String(e) }));
        return false;
      }
      if (e.code === 'VERSION_CONFLICT' && current) {
        modal.confirm({
          title: t('common.conflictTitle'),
          content: t('common.conflictBody'),
          okText: t('common.reload'),
          cancelText: t('common.cancel'),
          onOk: () => reload(current.id),
        });
        return false;
      }
      // an error goes under its field (`lines.0.retailPrice`), or the top field it belongs to (`barcodes.1` → `barcodes`)
      const known = new Set([...fieldPaths(form.getFieldsValue()), ...fieldPaths(form.getFieldsValue(true) as object)]);
      const placed = e.fields
        .map((f) => ({ f, path: [f.field, f.field.split('.')[0]].find((p) => known.has(p)) }))
        .filter((x): x is { f: (typeof e.fields)[number]; path: string } => !!x.path);
      const onFields = placed.map((x) => x.f);
      form.setFields(placed.map(({ f, path }) => ({ name: path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)) as never, errors: [f.message] })));
      // what no field can show (or no field at all) goes above the form
      if (onFields.length < e.fields.length || e.fields.length === 0) setFailure(e);
      return false;
    }
  };

  return (
    <ModalForm<V>
      title={props.title}
      open={props.open}
      onOpenChange={props.onOpenChange}
      form={form}
      onFinish={onFinish}
      grid
      rowProps={{ gutter: 16 }}
      width={props.width ?? 760}
      modalProps={{ destroyOnClose: true, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') } }}
    >
      {failure && <Alert type="error" showIcon style={{ marginBottom: 16, width: '100%' }} message={failure.code} description={failure.message} data-testid="form-error" />}
      {props.children}
    </ModalForm>
  );
}
