import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

/**
 * A settings record of the server as a form: read with `load`, saved whole with `save`. The server
 * decides: its `fields[]` errors appear under their fields, any other error above the form. Without
 * the write right the form is read-only.
 */
export function SettingsForm<V extends object>(props: {
  queryKey: unknown[];
  load(): Promise<V>;
  save(v: V): Promise<unknown>;
  writable: boolean;
  children: ReactNode;
  /** the record as the form holds it, and back (e.g. a list as lines of text) */
  toForm?: (v: V) => Record<string, unknown>;
  fromForm?: (v: Record<string, unknown>) => V;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const record = useQuery({ queryKey: props.queryKey, queryFn: props.load });
  useEffect(() => {
    if (record.data) form.setFieldsValue((props.toForm ? props.toForm(record.data) : record.data) as never);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [record.data]);
  const onFinish = async (v: Record<string, unknown>) => {
    setSaving(true);
    setFailure(null);
    try {
      await props.save(props.fromForm ? props.fromForm(v) : (v as V));
      void message.success(t('common.saved'));
      void queryClient.invalidateQueries({ queryKey: props.queryKey });
    } catch (e) {
      if (e instanceof ApiError) {
        const known = Object.keys(form.getFieldsValue());
        const onFields = e.fields.filter((f) => known.includes(f.field.split('.')[0].replace(/\[\d+\]$/, '')));
        form.setFields(onFields.map((f) => ({ name: f.field.split('.')[0].replace(/\[\d+\]$/, ''), errors: [f.message] })));
        setFailure(e);
      } else setFailure(new ApiError(0, { statusCode: 0, code: 'NETWORK', message: String(e) }));
    } finally {
      setSaving(false);
    }
  };
  const failed = record.error instanceof ApiError ? record.error : failure;
  return (
    <Card loading={record.isPending} style={{ maxWidth: 820 }} data-testid={props.testId}>
      {failed && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={failed.code} description={failed.message} data-testid="settings-error" />}
      <Form form={form} layout="vertical" disabled={!props.writable} onFinish={(v) => void onFinish(v)}>
        {props.children}
        {props.writable && (
          <Button type="primary" htmlType="submit" loading={saving} data-testid="settings-save">
            {t('common.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
