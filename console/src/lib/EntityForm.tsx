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
  /** the form's name: prefixes its fields' ids, so labels stay unique beside a list's filter form with the same fields */
  formName?: string;
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

/**
 * The server's `fields[]` placed on the form: `lines.2.quantity` on that cell of a list when the
 * form has that line, else on the top-level field (`lines`) when the form has it; the rest are not
 * on any field (the caller shows them above the form).
 */
export function fieldErrors(values: Record<string, unknown>, fields: { field: string; message: string }[]): { name: (string | number)[]; message: string }[] {
  const out: { name: (string | number)[]; message: string }[] = [];
  for (const f of fields) {
    const path = f.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (!(String(path[0]) in values)) continue;
    let parent: unknown = values;
    for (const p of path.slice(0, -1)) parent = parent && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[p] : undefined;
    const nested = path.length > 1 && !!parent && typeof parent === 'object';
    out.push({ name: nested ? path : [path[0]], message: f.message });
  }
  return out;
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
      const onFields = fieldErrors(form.getFieldsValue(), e.fields);
      form.setFields(onFields.map((f) => ({ name: f.name as never, errors: [f.message] })));
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
      {...(props.formName ? { name: props.formName } : {})}
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
