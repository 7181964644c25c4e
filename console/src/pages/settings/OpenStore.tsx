import { PageContainer, ProFormDatePicker, ProFormGroup, ProFormList, ProFormSelect, ProFormSwitch, ProFormText, StepsForm } from '@ant-design/pro-components';
import { Alert, Button, Card, Descriptions, Result, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ApiError, ok } from '../../lib/api';
import { DataScopeFields, FULL_SCOPE, scopeBody, type DataScope } from './DataScopeFields';

/** What `POST /api/stores/open` answers: the password (when generated) and setup code only this once. */
interface OpenStoreResult {
  store: { id: string; code: string; name: string };
  warehouses: { id: string; code: string; name: string; kind: string }[];
  users: { id: string; username: string; role: string }[];
  transferPassword: string | null;
  setupCode: string;
  setupCodeExpiresAt: string;
  replayed: boolean;
}
type Values = Omit<HqSchemas['OpenStoreDto'], 'idempotencyKey' | 'dataScope'> & { dataScope?: Partial<DataScope> };

/**
 * 系统设置 → 开新店: a stepper — the store (机构), its warehouses, its users, the transfer password,
 * the data scope (门店基础资料), settings — then one call opens everything in one transaction. The
 * setup code (and a generated transfer password) is shown once, with a copy button: HQ keeps
 * neither in readable form. The idempotency key is born with the wizard, so a retry after a lost
 * answer never opens a second store.
 */
export default function OpenStore() {
  const { t } = useTranslation();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [opened, setOpened] = useState<{ at: string; result: OpenStoreResult } | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [current, setCurrent] = useState(0);
  // The codes belong to the visit that opened the store: a router transition can keep this page
  // mounted across 首页 → 开新店, so a new visit (a new location key) never sees them again.
  const location = useLocation();
  const result = opened?.at === location.key ? opened.result : null;
  const stale = opened !== null && opened.at !== location.key;
  useEffect(() => {
    if (!stale) return;
    // a new store next: a new idempotency key, or the server would replay the one just opened
    setOpened(null);
    setKey(crypto.randomUUID());
    setCurrent(0);
  }, [stale]);
  const setResult = (r: OpenStoreResult | null) => setOpened(r ? { at: location.key, result: r } : null);

  if (result) {
    return (
      <PageContainer title={t('menu.openStore')}>
        <Card>
          <Result
            status="success"
            title={t('openStore.done', { code: result.store.code, name: result.store.name })}
            subTitle={t('openStore.onceHint')}
            extra={
              <Button
                type="primary"
                onClick={() => {
                  setResult(null);
                  setKey(crypto.randomUUID());
                  setCurrent(0);
                }}
              >
                {t('openStore.another')}
              </Button>
            }
          />
          <Descriptions bordered column={1} size="middle">
            <Descriptions.Item label={t('openStore.setupCode')}>
              <Typography.Text code copyable={{ text: result.setupCode }} data-testid="setup-code" style={{ fontSize: 16 }}>
                {result.setupCode}
              </Typography.Text>
              <div>
                <Typography.Text type="secondary">{t('openStore.expires', { at: new Date(result.setupCodeExpiresAt).toLocaleString() })}</Typography.Text>
              </div>
            </Descriptions.Item>
            {result.transferPassword && (
              <Descriptions.Item label={t('openStore.transferPassword')}>
                <Typography.Text code copyable data-testid="transfer-password">
                  {result.transferPassword}
                </Typography.Text>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              title={() => t('openStore.warehouses')}
              dataSource={result.warehouses}
              columns={[
                { title: t('openStore.whCode'), dataIndex: 'code' },
                { title: t('openStore.whName'), dataIndex: 'name' },
                { title: t('openStore.whKind'), dataIndex: 'kind' },
              ]}
            />
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              title={() => t('openStore.users')}
              dataSource={result.users}
              columns={[
                { title: t('user.username'), dataIndex: 'username' },
                { title: t('openStore.role'), dataIndex: 'role' },
              ]}
            />
          </Space>
        </Card>
      </PageContainer>
    );
  }

  return (
    <PageContainer title={t('menu.openStore')}>
      <Card>
        {failure && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={failure.code} description={failure.message} data-testid="open-store-error" />}
        <StepsForm<Values>
          current={current}
          onCurrentChange={setCurrent}
          formProps={{ validateMessages: { required: t('openStore.required') } }}
          submitter={{
            render: (props) => (
              <Space>
                {props.step > 0 && <Button onClick={() => props.onPre?.()}>{t('openStore.prev')}</Button>}
                <Button type="primary" onClick={() => props.onSubmit?.()} data-testid="wizard-next">
                  {props.step === 5 ? t('openStore.submit') : t('openStore.next')}
                </Button>
              </Space>
            ),
          }}
          onFinish={async (v) => {
            setFailure(null);
            try {
              const body: HqSchemas['OpenStoreDto'] = {
                ...v,
                idempotencyKey: key,
                transferPassword: v.transferPassword || undefined,
                dataScope: scopeBody(v.dataScope ?? {}),
              };
              setResult(ok<OpenStoreResult>(await api.POST('/api/stores/open', { body })));
              return true;
            } catch (e) {
              if (e instanceof ApiError) setFailure(e);
              return false;
            }
          }}
        >
          <StepsForm.StepForm name="org" title={t('openStore.stepOrg')} grid rowProps={{ gutter: 16 }}>
            <ProFormText name="code" label={t('openStore.code')} colProps={{ span: 8 }} rules={[{ required: true }]} placeholder="S003" />
            <ProFormText name="name" label={t('openStore.name')} colProps={{ span: 8 }} rules={[{ required: true }]} />
            <ProFormDatePicker name="openingDate" label={t('openStore.openingDate')} colProps={{ span: 8 }} fieldProps={{ format: 'YYYY-MM-DD' }} />
            <ProFormText name="address" label={t('openStore.address')} colProps={{ span: 24 }} />
            <ProFormText name="contact" label={t('openStore.contact')} colProps={{ span: 12 }} />
            <ProFormText name="phone" label={t('openStore.phone')} colProps={{ span: 12 }} />
          </StepsForm.StepForm>
          <StepsForm.StepForm name="warehouses" title={t('openStore.stepWarehouses')} initialValues={{ warehouses: [{}] }}>
            <ProFormList name="warehouses" creatorButtonProps={{ creatorButtonText: t('openStore.addWarehouse') }} min={1} copyIconProps={false}>
              <ProFormGroup>
                <ProFormText name="code" label={t('openStore.whCode')} rules={[{ required: true }]} />
                <ProFormText name="name" label={t('openStore.whName')} rules={[{ required: true }]} />
              </ProFormGroup>
            </ProFormList>
            <ProFormText name="inTransitWarehouseCode" label={t('openStore.inTransit')} tooltip={t('openStore.inTransitHint')} width="md" />
          </StepsForm.StepForm>
          <StepsForm.StepForm name="users" title={t('openStore.stepUsers')} initialValues={{ users: [{ role: 'store-admin' }, { role: 'cashier' }] }}>
            <Typography.Paragraph type="secondary">{t('openStore.usersHint')}</Typography.Paragraph>
            <ProFormList name="users" creatorButtonProps={{ creatorButtonText: t('openStore.addUser') }} min={2} copyIconProps={false}>
              <ProFormGroup>
                <ProFormText name="username" label={t('user.username')} rules={[{ required: true }]} />
                <ProFormText name="displayName" label={t('user.displayName')} rules={[{ required: true }]} />
                <ProFormText.Password name="password" label={t('user.password')} rules={[{ required: true, min: 8 }]} />
                <ProFormSelect
                  name="role"
                  label={t('openStore.role')}
                  rules={[{ required: true }]}
                  width="sm"
                  options={[
                    { value: 'store-admin', label: t('openStore.roleAdmin') },
                    { value: 'cashier', label: t('openStore.roleCashier') },
                  ]}
                />
              </ProFormGroup>
            </ProFormList>
          </StepsForm.StepForm>
          <StepsForm.StepForm name="password" title={t('openStore.stepPassword')}>
            <Typography.Paragraph type="secondary">{t('openStore.passwordHint')}</Typography.Paragraph>
            <ProFormText.Password name="transferPassword" label={t('openStore.transferPassword')} width="md" rules={[{ min: 10 }]} />
          </StepsForm.StepForm>
          <StepsForm.StepForm name="scope" title={t('openStore.stepScope')} grid rowProps={{ gutter: 16 }} initialValues={{ dataScope: FULL_SCOPE }}>
            <DataScopeFields prefix={['dataScope']} />
          </StepsForm.StepForm>
          <StepsForm.StepForm name="settings" title={t('openStore.stepSettings')} initialValues={{ settings: { allowNegativeStock: false, allowStorePurchasing: false } }}>
            <ProFormSwitch name={['settings', 'allowNegativeStock']} label={t('openStore.allowNegativeStock')} />
            <ProFormSwitch name={['settings', 'allowStorePurchasing']} label={t('openStore.allowStorePurchasing')} />
            <ProFormText name={['settings', 'memberCenterUrl']} label={t('openStore.memberCenterUrl')} width="lg" placeholder={window.location.origin} />
            <ProFormText name="hqUrl" label={t('openStore.hqUrl')} width="lg" placeholder={window.location.origin} tooltip={t('openStore.hqUrlHint')} />
          </StepsForm.StepForm>
        </StepsForm>
      </Card>
    </PageContainer>
  );
}
