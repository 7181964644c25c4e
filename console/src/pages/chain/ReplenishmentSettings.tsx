import { PageContainer } from '@ant-design/pro-components';
import { Alert, Form, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { SettingsForm } from '../../lib/SettingsForm';

type SettlementSettings = HqSchemas['SettlementSettingsDto'];

/** 连锁管理 → 要货设置: how a store receipt's short and damaged quantities are settled (差异处理). */
export default function ReplenishmentSettingsPage() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const options = [
    { value: 'write_off', label: t('replenishmentSettings.write_off') },
    { value: 'carrier_claim', label: t('replenishmentSettings.carrier_claim') },
  ];
  return (
    <PageContainer title={t('menu.replenishmentSettings')}>
      <Alert type="info" showIcon style={{ marginBottom: 16, maxWidth: 820 }} message={t('replenishmentSettings.hint')} />
      <SettingsForm<SettlementSettings>
        queryKey={['replenishment-settings']}
        testId="replenishment-settings"
        writable={can('replenishment.settings') && me?.orgUnit.kind === 'hq'}
        load={async () => ok<SettlementSettings>(await api.GET('/api/replenishment/settings'))}
        save={async (v) => api.PUT('/api/replenishment/settings', { body: v })}
      >
        <Form.Item name="shortTreatment" label={t('replenishmentSettings.short')} rules={[{ required: true }]}>
          <Radio.Group options={options} />
        </Form.Item>
        <Form.Item name="damagedTreatment" label={t('replenishmentSettings.damaged')} rules={[{ required: true }]}>
          <Radio.Group options={options} />
        </Form.Item>
      </SettingsForm>
    </PageContainer>
  );
}
