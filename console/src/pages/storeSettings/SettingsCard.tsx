import { PageContainer } from '@ant-design/pro-components';
import { Alert, App, Button, Card, Form, Tag, type FormInstance } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { usePosSettings, type PosSettings, type Section } from './usePosSettings';

/**
 * One section of the till's settings as a form: shows the effective values, saves the section as
 * this store's own (over HQ's defaults). `toForm`/`fromForm` convert where the form differs.
 */
export function SettingsCard<S extends Section, V extends object = PosSettings[S]>(props: {
  section: S;
  title: string;
  children: (form: FormInstance<V>) => ReactNode;
  toForm?: (v: PosSettings[S]) => V;
  fromForm?: (v: V) => PosSettings[S];
  side?: (values: V | undefined) => ReactNode;
  onValuesChange?: (values: V) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const { settings, own, save, isPending } = usePosSettings();
  const [form] = Form.useForm<V>();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const values = Form.useWatch([], form) as V | undefined;
  const initial = settings ? (props.toForm ? props.toForm(settings[props.section]) : (settings[props.section] as unknown as V)) : undefined;
  useEffect(() => {
    if (initial) form.setFieldsValue(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings]);
  const onFinish = async (v: V) => {
    setSaving(true);
    setFailure(null);
    try {
      await save(props.section, props.fromForm ? props.fromForm(v) : (v as unknown as PosSettings[S]), form as FormInstance);
      void message.success(t('common.saved'));
    } catch (e) {
      setFailure(e instanceof ApiError ? e : new ApiError(0, { statusCode: 0, code: 'NETWORK', message: String(e) }));
    } finally {
      setSaving(false);
    }
  };
  return (
    <PageContainer
      title={props.title}
      extra={<Tag color={own.includes(props.section) ? 'green' : 'default'}>{own.includes(props.section) ? t('settings.ownCopy') : t('settings.hqDefault')}</Tag>}
    >
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <Card loading={isPending} style={{ flex: '1 1 560px', maxWidth: 820 }}>
          {failure && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={failure.code} description={failure.message} data-testid="settings-error" />}
          <Form<V> form={form} layout="vertical" onFinish={(v) => void onFinish(v)} disabled={!can('pos.settings')} onValuesChange={(_, all) => props.onValuesChange?.(all)}>
            {props.children(form)}
            <Button type="primary" htmlType="submit" loading={saving} data-testid="settings-save">
              {t('common.save')}
            </Button>
          </Form>
        </Card>
        {props.side?.(values)}
      </div>
    </PageContainer>
  );
}
