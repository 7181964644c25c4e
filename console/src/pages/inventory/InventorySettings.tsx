import { PageContainer } from '@ant-design/pro-components';
import { Alert, Form, InputNumber, Select, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { refOptions, useOrgUnits } from '../../lib/refs';
import { SettingsForm } from '../../lib/SettingsForm';

type InventorySettings = HqSchemas['InventorySettingsResponse'];

/**
 * 库存管理 → 库存设置: per org unit (HQ or a store) whether stock may go below zero (零库存销售) and
 * the near-expiry alert window. HQ decides; a store receives its settings at the next sync.
 */
export default function InventorySettingsPage() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const units = useOrgUnits();
  const [orgUnitId, setOrgUnitId] = useState<string>();
  const chosen = orgUnitId ?? me?.orgUnit.id;
  return (
    <PageContainer title={t('menu.inventorySettings')}>
      <Alert type="info" showIcon style={{ marginBottom: 16, maxWidth: 820 }} message={t('inventorySettings.hint')} />
      <div style={{ marginBottom: 16 }}>
        {t('inventorySettings.orgUnit')}:{' '}
        <Select style={{ width: 280 }} value={chosen} onChange={setOrgUnitId} options={refOptions(units)} showSearch optionFilterProp="label" data-testid="settings-org-unit" />
      </div>
      {chosen && (
        <SettingsForm<InventorySettings>
          key={chosen}
          queryKey={['inventory-settings', chosen]}
          testId="inventory-settings"
          writable={can('inventory.settings') && me?.orgUnit.kind === 'hq'}
          load={async () => ok<InventorySettings>(await api.GET('/api/inventory/settings/{orgUnitId}', { params: { path: { orgUnitId: chosen } } }))}
          save={async (v) =>
            api.PUT('/api/inventory/settings/{orgUnitId}', {
              params: { path: { orgUnitId: chosen } },
              body: { allowNegativeStock: v.allowNegativeStock, nearExpiryDays: v.nearExpiryDays },
            })
          }
        >
          <Form.Item name="allowNegativeStock" label={t('inventorySettings.allowNegative')} valuePropName="checked" extra={t('inventorySettings.allowNegativeHint')}>
            <Switch />
          </Form.Item>
          <Form.Item name="nearExpiryDays" label={t('inventorySettings.nearExpiryDays')} rules={[{ required: true }]}>
            <InputNumber min={0} max={3650} precision={0} addonAfter={t('inventorySettings.days')} />
          </Form.Item>
        </SettingsForm>
      )}
    </PageContainer>
  );
}
