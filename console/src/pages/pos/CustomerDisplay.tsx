import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { watchTill, type DisplayState } from './customerDisplay';
import '../../i18n/areas';

/** 客显: the customer's window of this browser's till (`/pos/display`); it shows what the till sends. */
export default function CustomerDisplay() {
  const { t } = useTranslation();
  const [till] = useState(localStorage.getItem('chain-erp.till.code') ?? '01');
  const [state, setState] = useState<DisplayState | null>(null);
  useEffect(() => watchTill(till, setState), [till]);
  const big = { fontSize: 40, margin: 0 };
  return (
    <div data-testid="customer-display" style={{ height: '100vh', background: '#001529', color: '#fff', padding: 32, display: 'flex', flexDirection: 'column', gap: 16 }}>
      {!state || state.off ? (
        <Typography.Title style={{ color: '#fff', margin: 'auto' }} data-testid="display-idle">
          {state?.off ? t('till.display.off') : t('till.display.welcome')}
        </Typography.Title>
      ) : (
        <>
          <div style={{ flex: 1, overflow: 'auto', fontSize: 24 }} data-testid="display-lines">
            {state.lines.length === 0 && <div>{t('till.display.welcome')}</div>}
            {state.lines.map((l, i) => (
              <div key={i} style={{ display: 'flex', gap: 16, textDecoration: l.voided ? 'line-through' : undefined, opacity: l.voided ? 0.5 : 1 }}>
                <span style={{ flex: 1 }}>{l.name}</span>
                <span>× {l.quantity}</span>
                <span style={{ width: 140, textAlign: 'right' }}>{l.amount ?? t('till.catalog.provisional')}</span>
              </div>
            ))}
          </div>
          <p style={big}>
            {t('till.total')}: <b data-testid="display-total">{state.total ?? t('till.catalog.provisional')}</b>
          </p>
          {state.paid !== null && (
            <p style={big} data-testid="display-paid">
              {t('till.display.paid')}: {state.paid} &nbsp; {t('till.display.change')}: <b data-testid="display-change">{state.change}</b>
            </p>
          )}
        </>
      )}
    </div>
  );
}
