import { PageContainer } from '@ant-design/pro-components';
import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HqSchemas } from '@chain-erp/api-client';
import { api, ok } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { SettingsForm } from '../../lib/SettingsForm';

type PurchasingSettings = HqSchemas['PurchasingSettingsResponse'];

/** The thresholds as typed: one amount per line, blank lines ignored. */
const lines = (v: unknown): string[] =>
  String(v ?? '')
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * 采购管理 → 采购设置: the approval thresholds (an order total above each one needs one more approval
 * level, by a holder of purchase.order.approve.high) and the over-receipt tolerance.
 */
export default function PurchasingSettingsPage() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  return (
    <PageContainer title={t('menu.purchaseSettings')}>
      <Alert type="info" showIcon style={{ marginBottom: 16, maxWidth: 820 }} message={t('purchaseSettings.hint')} />
      <SettingsForm<PurchasingSettings>
        queryKey={['purchasing-settings']}
        testId="purchasing-settings"
        writable={can('purchase.settings') && me?.orgUnit.kind === 'hq'}
        load={async () => ok<PurchasingSettings>(await api.GET('/api/purchasing/settings'))}
        save={async (v) => api.PUT('/api/purchasing/settings', { body: v })}
        toForm={(v) => ({ approvalThresholds: v.approvalThresholds.join('\n'), overReceiptTolerancePercent: v.overReceiptTolerancePercent })}
        fromForm={(v) => ({
          approvalThresholds: lines(v.approvalThresholds),
          overReceiptTolerancePercent: String(v.overReceiptTolerancePercent ?? '').trim(),
        })}
      >
        <Form.Item
          name="approvalThresholds"
          label={t('purchaseSettings.thresholds')}
          extra={t('purchaseSettings.thresholdsHint')}
          rules={[
            {
              // one plain amount per line: "10,000" is not ten thousand to the server, so it is refused here
              validator: async (_, v: unknown) => {
                if (lines(v).some((x) => !/^\d+(\.\d{1,2})?$/.test(x))) throw new Error(t('purchaseSettings.thresholdRule'));
              },
            },
          ]}
        >
          <Input.TextArea rows={3} placeholder="10000" />
        </Form.Item>
        <Form.Item name="overReceiptTolerancePercent" label={t('purchaseSettings.tolerance')} rules={[{ required: true }]} extra={t('purchaseSettings.toleranceHint')}>
          <Input suffix="%" style={{ width: 200 }} />
        </Form.Item>
      </SettingsForm>
    </PageContainer>
  );
}
