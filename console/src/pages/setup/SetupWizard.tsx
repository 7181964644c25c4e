import { ApiOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Progress, Radio, Result, Space, Steps, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { useLang } from '../../lib/lang';
import { storeApi } from '../../lib/storeApi';
import { explainTransferError } from './transferErrors';
import '../../i18n/areas';

interface SyncProgress {
  phase: 'starting' | 'push' | 'pull' | 'snapshot' | 'reconcile' | 'done' | 'failed';
  pages: number;
  rows: number;
  pushed: number;
}
interface SetupResult {
  storeCode: string;
  warehouseCode: string;
  hqUrl: string;
  firstSync: {
    ok: boolean;
    pulled: { pages: number; rows: number };
    snapshot: { pages: number; rows: number } | null;
    errors: { stream: string; code: string; message: string }[];
  };
}
interface Values {
  hqUrl: string;
  storeCode: string;
  warehouseCode: string;
  method: 'password' | 'code';
  transferPassword?: string;
  setupCode?: string;
}

/** The progress bar's share per phase: the total is not known before HQ has sent the last page. */
function percentOf(p: SyncProgress | null): number {
  if (!p) return 2;
  switch (p.phase) {
    case 'starting':
      return 5;
    case 'snapshot':
      return Math.round(10 + 70 * (1 - 1 / (1 + p.pages / 3)));
    case 'pull':
    case 'reconcile':
      return 85;
    case 'push':
      return 92;
    default:
      return 100;
  }
}

/**
 * 门店系统初始化 (first run of a store server): HQ's address (测试连接), the store and warehouse
 * codes, the transfer password or a one-time setup code, then the first sync with its progress.
 * Refusals are explained from the server's code (tries left, locked until when, version).
 */
export default function SetupWizard({ onFinished }: { onFinished(): void }) {
  const { t } = useTranslation();
  const { lang, setLang } = useLang();
  const [form] = Form.useForm<Values>();
  const method = Form.useWatch('method', form);
  const [step, setStep] = useState(0);
  const [testing, setTesting] = useState(false);
  const [connection, setConnection] = useState<{ ok: true; hqProtocol: number; elapsedMs: number } | { ok: false; error: ApiError } | null>(null);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [result, setResult] = useState<SetupResult | null>(null);
  const poll = useRef<ReturnType<typeof setInterval>>();
  useEffect(() => () => clearInterval(poll.current), []);

  const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, { statusCode: 0, code: 'NETWORK', message: String(e) }));

  const testConnection = async () => {
    const { hqUrl } = await form.validateFields(['hqUrl']);
    setTesting(true);
    setConnection(null);
    try {
      const res = (await storeApi.POST('/api/setup/test-connection', { body: { hqUrl: hqUrl.trim(), storeCode: form.getFieldValue('storeCode') || undefined } })).data!;
      setConnection({ ok: true, hqProtocol: res.hqProtocol, elapsedMs: res.elapsedMs });
    } catch (e) {
      setConnection({ ok: false, error: asApiError(e) });
    } finally {
      setTesting(false);
    }
  };

  const start = async () => {
    const v = await form.validateFields();
    setFailure(null);
    setProgress(null);
    setRunning(true);
    setStep(2);
    poll.current = setInterval(() => {
      void storeApi
        .GET('/api/setup/progress')
        .then((r) => r.data?.progress && setProgress(r.data.progress as SyncProgress))
        .catch(() => undefined);
    }, 400);
    try {
      const body =
        v.method === 'code'
          ? { setupCode: v.setupCode!.trim(), warehouseCode: v.warehouseCode.trim(), ...(v.hqUrl?.trim() ? { hqUrl: v.hqUrl.trim() } : {}) }
          : { hqUrl: v.hqUrl.trim(), storeCode: v.storeCode.trim(), warehouseCode: v.warehouseCode.trim(), transferPassword: v.transferPassword! };
      const res = (await storeApi.POST('/api/setup', { body })).data as unknown as SetupResult;
      const last = (await storeApi.GET('/api/setup/progress')).data?.progress as SyncProgress | null;
      if (last) setProgress(last);
      setResult(res);
      setStep(3);
    } catch (e) {
      const err = asApiError(e);
      setFailure(err);
      setStep(1);
      if (err.code === 'STORE_SETUP_WAREHOUSE_UNKNOWN') form.setFields([{ name: 'warehouseCode', errors: [err.fields[0]?.message ?? err.message] }]);
    } finally {
      clearInterval(poll.current);
      setRunning(false);
    }
  };

  const errorAlert = (e: ApiError, testId: string) => (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid={testId}
      message={explainTransferError(t, e.code, e.body.details)}
      description={
        <Typography.Text type="secondary">
          {e.code}: {e.message}
        </Typography.Text>
      }
    />
  );

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'flex-start', justifyContent: 'center', background: '#f0f2f5', paddingTop: 64 }}>
      <Card
        style={{ width: 640 }}
        title={t('setup.title')}
        extra={
          <Button type="link" onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}>
            {t('shell.language')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
        <Steps
          current={step}
          size="small"
          style={{ marginBottom: 24 }}
          items={[{ title: t('setup.stepHq') }, { title: t('setup.stepStore') }, { title: t('setup.stepSync') }, { title: t('setup.stepDone') }]}
        />
        <Form form={form} layout="vertical" initialValues={{ method: 'password', hqUrl: 'http://' }} requiredMark={false}>
          <div style={{ display: step === 0 ? 'block' : 'none' }}>
            <Form.Item
              name="hqUrl"
              label={t('setup.hqUrl')}
              extra={t('setup.hqUrlHint')}
              rules={[{ required: method !== 'code', pattern: /^https?:\/\/[^\s/]+/, message: t('setup.hqUrlInvalid') }]}
            >
              <Input placeholder="http://hq.example.com:3000" />
            </Form.Item>
            {connection?.ok === true && (
              <Alert
                type="success"
                showIcon
                style={{ marginBottom: 16 }}
                data-testid="connection-ok"
                message={t('setup.connectionOk', { protocol: connection.hqProtocol, ms: connection.elapsedMs })}
              />
            )}
            {connection?.ok === false && errorAlert(connection.error, 'connection-error')}
            <Space>
              <Button icon={<ApiOutlined />} loading={testing} onClick={() => void testConnection()}>
                {t('setup.testConnection')}
              </Button>
              <Button type="primary" onClick={() => void form.validateFields(['hqUrl']).then(() => setStep(1))}>
                {t('setup.next')}
              </Button>
            </Space>
          </div>
          <div style={{ display: step === 1 ? 'block' : 'none' }}>
            {failure && errorAlert(failure, 'setup-error')}
            <Form.Item name="method" label={t('setup.method')}>
              <Radio.Group
                options={[
                  { value: 'password', label: t('setup.byPassword') },
                  { value: 'code', label: t('setup.byCode') },
                ]}
              />
            </Form.Item>
            {method !== 'code' && (
              <Form.Item name="storeCode" label={t('setup.storeCode')} rules={[{ required: true, message: t('setup.required') }]}>
                <Input placeholder="S001" />
              </Form.Item>
            )}
            <Form.Item name="warehouseCode" label={t('setup.warehouseCode')} extra={t('setup.warehouseHint')} rules={[{ required: true, message: t('setup.required') }]}>
              <Input placeholder="S001-01" />
            </Form.Item>
            {method !== 'code' ? (
              <Form.Item name="transferPassword" label={t('setup.transferPassword')} extra={t('setup.passwordHint')} rules={[{ required: true, message: t('setup.required') }]}>
                <Input.Password autoComplete="off" />
              </Form.Item>
            ) : (
              <Form.Item name="setupCode" label={t('setup.setupCode')} extra={t('setup.setupCodeHint')} rules={[{ required: true, message: t('setup.required') }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
            )}
            <Space>
              <Button onClick={() => setStep(0)}>{t('setup.back')}</Button>
              <Button type="primary" loading={running} onClick={() => void start()} data-testid="setup-start">
                {t('setup.start')}
              </Button>
            </Space>
          </div>
        </Form>
        {step === 2 && (
          <div data-testid="setup-progress">
            <Progress percent={percentOf(progress)} status="active" />
            <Typography.Paragraph>
              {t(`setup.phase.${progress?.phase ?? 'verify'}`)} · {t('setup.counts', { pages: progress?.pages ?? 0, rows: progress?.rows ?? 0 })}
            </Typography.Paragraph>
          </div>
        )}
        {step === 3 && result && (
          <Result
            status={result.firstSync.ok ? 'success' : 'warning'}
            icon={result.firstSync.ok ? <CheckCircleOutlined /> : undefined}
            title={result.firstSync.ok ? t('setup.doneTitle') : t('setup.doneWithErrors')}
            subTitle={<span data-testid="setup-done">{t('setup.doneBody', { store: result.storeCode, pages: progress?.pages ?? 0, rows: progress?.rows ?? 0 })}</span>}
            extra={
              <Button type="primary" onClick={onFinished} data-testid="setup-to-login">
                {t('setup.toLogin')}
              </Button>
            }
          >
            <Progress percent={100} />
            <Descriptions
              size="small"
              column={1}
              items={[
                { label: t('setup.hqUrl'), children: result.hqUrl },
                { label: t('setup.storeCode'), children: result.storeCode },
                { label: t('setup.warehouseCode'), children: result.warehouseCode },
              ]}
            />
            {result.firstSync.errors.map((e) => (
              <Alert
                key={e.stream + e.code}
                type="warning"
                showIcon
                style={{ marginTop: 8 }}
                message={`${e.stream}: ${explainTransferError(t, e.code)}`}
                description={`${e.code}: ${e.message}`}
              />
            ))}
          </Result>
        )}
      </Card>
    </div>
  );
}
