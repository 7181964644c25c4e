import { PageContainer } from '@ant-design/pro-components';
import { Alert, Card, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { BalanceView, lookupVoucher, type VoucherBalance as Balance } from '../pos/GiftCard';
import { TENDER_NUMBER, tenderNumber } from '../pos/TenderNumber';

/** 券卡余额查询 on the store's console: what a voucher or gift card can pay at this store now (asked of HQ). */
export default function VoucherBalance() {
  const { t } = useTranslation();
  const [found, setFound] = useState<Balance | null>(null);
  const [error, setError] = useState<string | null>(null);
  const find = async (typed: string) => {
    const n = tenderNumber(typed);
    setFound(null);
    setError(null);
    if (!TENDER_NUMBER.test(n)) return setError(t('till.giftCard.numberNeeded'));
    try {
      setFound(await lookupVoucher(n));
    } catch (e) {
      setError(e instanceof ApiError ? `${e.code}: ${e.message}` : (e as Error).message);
    }
  };
  return (
    <PageContainer title={t('menu.voucherBalance')}>
      <Card>
        <div style={{ maxWidth: 420 }} data-testid="store-voucher-lookup">
          <Input.Search placeholder={t('till.giftCard.number')} enterButton={t('till.giftCard.balanceTitle')} onSearch={(v) => void find(v)} />
        </div>
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon message={error} />}
        {found && (
          <div style={{ maxWidth: 520 }}>
            <BalanceView b={found} />
          </div>
        )}
      </Card>
    </PageContainer>
  );
}
