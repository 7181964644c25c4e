import { Alert, Button, Descriptions, Input, Modal, Typography, type InputRef } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { lookupVoucher, payable } from './GiftCard';
import { maskedNumber, TENDER_NUMBER, TenderNumber, tenderNumber } from './TenderNumber';
import type { PaymentMethod } from './tillApi';
import { EscapeCancels } from './TillDialog';

export interface Tender {
  paymentMethodId: string;
  amount: string;
  /** a voucher's or gift card's number (methods with `requiresNumber`) */
  reference?: string;
}

/** Exact cents: money on the wire is a string with two decimals. */
const cents = (s: string) => Math.round(Number(s) * 100);
const yuan = (c: number) => (c / 100).toFixed(2);

/**
 * 结账: several tenders. ↑↓ choose the method, the amount is prefilled with what remains, Enter adds
 * the tender; once the tenders cover what is due the sale is sent (`onPay`). Only cash may go above
 * what remains (change). While a send is unconfirmed (network error) Enter sends the same again.
 * A voucher or gift card (代金券 / 礼品卡, `requiresNumber`) asks for its number first (TenderNumber);
 * Enter on the number looks it up (余额查询 at HQ through the store): what it holds, and the amount
 * prefilled with what it can pay, or why it cannot pay here. HQ checks it again when the sale is sent, and a refused one is taken off with its ✕ (or Esc starts over).
 */
export function Payment(props: {
  due: string;
  methods: PaymentMethod[];
  hasMember: boolean;
  initialMethod?: string;
  busy: boolean;
  error: string | null;
  failedTenders: Tender[] | null;
  onPay: (tenders: Tender[]) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const usable = props.methods.filter((m) => !m.requiresMemberCard || props.hasMember);
  const [sel, setSel] = useState(
    Math.max(
      0,
      usable.findIndex((m) => m.code === props.initialMethod || m.type === props.initialMethod),
    ),
  );
  const [tenders, setTenders] = useState<Tender[]>(props.failedTenders ?? []);
  const paid = tenders.reduce((a, x) => a + cents(x.amount), 0);
  const remaining = Math.max(0, cents(props.due) - paid);
  const [amount, setAmount] = useState(yuan(remaining));
  const [local, setLocal] = useState<string | null>(null);
  const method = usable[sel];
  const amountRef = useRef<InputRef>(null);
  const [number, setNumber] = useState('');
  const [numberInfo, setNumberInfo] = useState<string | null>(null);
  const numberRef = useRef<InputRef>(null);

  const enter = () => {
    if (props.busy) return;
    // a send that was not confirmed: the same tenders again, under the same sale id
    if (props.failedTenders && tenders === props.failedTenders) return props.onPay(tenders);
    if (!method) return;
    const c = cents(amount || '0');
    if (!(c > 0) && remaining > 0) return;
    if (c > remaining && !method.allowsChange) return setLocal(t('till.onlyCashChange'));
    let reference: string | undefined;
    if (method.requiresNumber && c > 0) {
      reference = tenderNumber(number);
      if (!TENDER_NUMBER.test(reference)) {
        numberRef.current?.focus();
        return setLocal(t('till.tenderNumberNeeded', { method: method.name }));
      }
      if (tenders.some((x) => x.reference === reference)) return setLocal(t('till.tenderNumberTwice'));
    }
    setLocal(null);
    const next = c > 0 ? [...tenders, { paymentMethodId: method.id, amount: yuan(c), ...(reference ? { reference } : {}) }] : tenders;
    setNumber('');
    setTenders(next);
    const left = Math.max(0, cents(props.due) - next.reduce((a, x) => a + cents(x.amount), 0));
    setAmount(yuan(left));
    if (left === 0) props.onPay(next);
  };
  const keys = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setSel((i) => Math.min(usable.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setSel((i) => Math.max(0, i - 1));
    else return;
    e.preventDefault();
  };
  /** the number scanned: looked up, then on to the amount (prefilled with what it can pay) */
  const numberEntered = async () => {
    const n = tenderNumber(number);
    if (!TENDER_NUMBER.test(n)) return setLocal(t('till.tenderNumberNeeded', { method: method?.name ?? '' }));
    setLocal(null);
    setNumberInfo(null);
    try {
      const b = await lookupVoucher(n);
      // one that cannot pay here says why; the cashier takes another tender (HQ refuses it at the send anyway)
      if (!b.usable) setNumberInfo(b.refusalMessage ?? b.refusalCode ?? '');
      else {
        const can = payable(b, yuan(remaining));
        setAmount(can);
        setNumberInfo(t('till.giftCard.canPay', { amount: can, balance: b.balance }));
      }
    } catch (e) {
      // HQ (or the store) not answering: the cashier may still tender it; the sale's send decides
      setNumberInfo(t('till.giftCard.lookupFailed', { error: e instanceof ApiError ? e.message : (e as Error).message }));
    }
    amountRef.current?.focus({ cursor: 'all' });
  };
  const remove = (i: number) => {
    if (props.busy) return;
    const next = tenders.filter((_, k) => k !== i);
    setTenders(next);
    setAmount(yuan(Math.max(0, cents(props.due) - next.reduce((a, x) => a + cents(x.amount), 0))));
    amountRef.current?.focus();
  };
  const name = (id: string) => props.methods.find((m) => m.id === id)?.name ?? id;
  const change = Math.max(0, paid - cents(props.due));

  return (
    <Modal
      open
      transitionName=""
      maskTransitionName=""
      title={t('till.pay')}
      onCancel={props.onCancel}
      footer={null}
      width={560}
      destroyOnHidden
      maskClosable={false}
      afterOpenChange={(o) => o && amountRef.current?.focus()}
    >
      <EscapeCancels onCancel={props.onCancel} />
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label={t('till.due')}>
          <b data-testid="pay-due" style={{ fontSize: 20 }}>
            {props.due}
          </b>
        </Descriptions.Item>
        <Descriptions.Item label={t('till.remaining')}>
          <b data-testid="pay-remaining" style={{ fontSize: 20 }}>
            {yuan(remaining)}
          </b>
        </Descriptions.Item>
        <Descriptions.Item label={t('till.paid')}>{yuan(paid)}</Descriptions.Item>
        <Descriptions.Item label={t('till.change')}>
          <span data-testid="pay-change">{yuan(change)}</span>
        </Descriptions.Item>
      </Descriptions>
      <div style={{ display: 'flex', gap: 16, marginTop: 12 }}>
        <div style={{ flex: 1 }} data-testid="pay-methods">
          {usable.map((m, i) => (
            <div key={m.id} data-selected={i === sel} style={{ padding: '4px 8px', background: i === sel ? '#1677ff' : undefined, color: i === sel ? '#fff' : undefined }}>
              {m.name}
            </div>
          ))}
          {!props.hasMember && props.methods.some((m) => m.requiresMemberCard) && <Typography.Text type="secondary">{t('till.methodNeedsMember')}</Typography.Text>}
        </div>
        <div style={{ flex: 2 }}>
          {tenders.map((x, i) => (
            <div key={i} data-testid="pay-tender">
              {name(x.paymentMethodId)}
              {x.reference ? ` ${maskedNumber(x.reference)}` : ''} {x.amount}
              <Button type="link" size="small" tabIndex={-1} disabled={props.busy} aria-label={t('till.tenderRemove')} data-testid="pay-tender-remove" onClick={() => remove(i)}>
                ✕
              </Button>
            </div>
          ))}
          {method?.requiresNumber && (
            <TenderNumber
              ref={numberRef}
              methodName={method.name}
              value={number}
              onChange={(v) => {
                setNumber(v);
                setNumberInfo(null);
              }}
              onEnter={() => void numberEntered()}
              onKeyDown={keys}
            />
          )}
          {method?.requiresNumber && numberInfo && (
            <Typography.Paragraph type="secondary" data-testid="pay-number-balance" style={{ marginBottom: 8 }}>
              {numberInfo}
            </Typography.Paragraph>
          )}
          <Typography.Text type="secondary">{t('till.tenderAmount')}</Typography.Text>
          <Input autoFocus ref={amountRef} data-testid="pay-amount" value={amount} onChange={(e) => setAmount(e.target.value)} onKeyDown={keys} onPressEnter={enter} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('till.tenderHint')}
          </Typography.Text>
        </div>
      </div>
      {(local || props.error) && <Alert style={{ marginTop: 8 }} type="error" showIcon message={local ?? props.error} data-testid="pay-error" />}
    </Modal>
  );
}
