import { Input, Typography, type InputRef } from 'antd';
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';

/** 代金券 / 礼品卡 numbers: 16 digits (HQ issues them; the store checks them at HQ when the sale is sent). */
export const TENDER_NUMBER = /^\d{16}$/;

/** What a scanner or the keyboard typed, as a number: spaces and dashes of a printed code dropped. */
export const tenderNumber = (typed: string) => typed.replace(/[\s-]/g, '');

/** 1234 5678 9012 3456 → …3456: the tender list and the till's last sale show only the end of a number. */
export const maskedNumber = (n: string) => `…${n.slice(-4)}`;

/**
 * The number of a voucher or gift card tender (a method with `requiresNumber`). Scanned or typed,
 * Enter moves on to the amount; ↑↓ still choose the method (`onKeyDown`).
 */
export const TenderNumber = forwardRef<
  InputRef,
  { methodName: string; value: string; onChange: (v: string) => void; onEnter: () => void; onKeyDown: (e: React.KeyboardEvent) => void }
>(function TenderNumber(props, ref) {
  const { t } = useTranslation();
  return (
    <div style={{ marginBottom: 8 }}>
      <Typography.Text type="secondary">{t('till.tenderNumber', { method: props.methodName })}</Typography.Text>
      <Input
        ref={ref}
        data-testid="pay-number"
        inputMode="numeric"
        autoComplete="off"
        maxLength={24}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={props.onKeyDown}
        onPressEnter={props.onEnter}
      />
    </div>
  );
});
