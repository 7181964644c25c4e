import { PageContainer, ProForm } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Card, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ok } from '../../lib/api';
import { useStores } from '../../lib/lookups';
import { DataScopeFields, scopeBody, type DataScope } from './DataScopeFields';

/**
 * 基本信息 → 门店基础资料: what of HQ's base data a store sees (商品信息 by category, 往来单位,
 * 用户信息). A change reaches the store at its next sync; rows leaving the scope become inactive there.
 */
export default function StoreScope() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const stores = useStores();
  const [storeId, setStoreId] = useState<string | undefined>();
  const [form] = ProForm.useForm<DataScope>();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const scope = useQuery({
    queryKey: ['data-scope', storeId],
    enabled: !!storeId,
    queryFn: async () => ok<DataScope & { version: number; updatedAt: string }>(await api.GET('/api/stores/{id}/data-scope', { params: { path: { id: storeId! } } })),
  });
  useEffect(() => {
    if (scope.data) {
      form.resetFields();
      form.setFieldsValue(scope.data);
    }
  }, [scope.data, form]);
  return (
    <PageContainer title={t('menu.storeScope')}>
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">{t('scope.intro')}</Typography.Paragraph>
          <Space>
            <span>{t('storePrice.store')}</span>
            <Select style={{ width: 280 }} options={stores} value={storeId} onChange={setStoreId} showSearch optionFilterProp="label" placeholder={t('scope.pickStore')} data-testid="scope-store" />
            {scope.data && <Typography.Text type="secondary">{t('scope.version', { v: scope.data.version })}</Typography.Text>}
          </Space>
          {failure && <Alert type="error" showIcon message={failure.code} description={failure.message} />}
          {storeId && scope.data && (
            <ProForm<DataScope>
              form={form}
              grid
              rowProps={{ gutter: 16 }}
              onFinish={async (v) => {
                setFailure(null);
                try {
                  await api.PUT('/api/stores/{id}/data-scope', { params: { path: { id: storeId } }, body: scopeBody(v) });
                  void message.success(t('common.saved'));
                  void scope.refetch();
                } catch (e) {
                  if (e instanceof ApiError) setFailure(e);
                }
              }}
              submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('scope.reset') } }}
            >
              <DataScopeFields />
            </ProForm>
          )}
        </Space>
      </Card>
    </PageContainer>
  );
}
