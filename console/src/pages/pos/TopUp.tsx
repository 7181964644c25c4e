import { Alert, Descriptions, Input, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DoneBox, moneyTendered, TenderMethods, useMoneyTender } from './TenderFields';
import { errText, TillModal, useDocumentSubmit } from './TillDialog';
import { call, type PaymentMethod } from './tillApi';

/** A top-up (充值单) or its reversal (充值冲正单) as the store answers it. */
export interface TopUpDoc {
  id: string;
  topUpNo: string;
  kind: 'top_up' | 'reversal';
  cardNo: string;
  amount: string;
  methodCode: string;
  methodName?: string;
  tendered: string;
  changeAmount: string;
  cardBalanceAfter: string | null;
  originalId?: string | null;
  originalNo?: string | null;
  reason?: string | null;
  createdAt?: string;
}

/**
 * 充值: money onto a member card at the till. Card (scanned, or the sale's card), amount, then the
 * tender — ↑↓ choose the method in any field (stored value cannot pay for stored value), cash may
 * be tendered above the amount (change). The document's UUID is made when the dialog opens: after a
 * network error Enter sends the same top-up again and the card is credited once.
 */
export function TopUpDialog(props: { shiftId: string; methods: PaymentMethod[]; cardNo?: string | null; onDone: (doc: TopUpDoc) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const { usable, sel, setSel, method, arrows } = useMoneyTender(props.methods);
  const [values, setValues] = useState({ cardNo: props.cardNo ?? '', amount: '', tendered: '' });
  const { id, error, setError, busy, done, submit: send } = useDocumentSubmit(props.onDone, t('till.topUp.networkError'));
  const sent = useRef<string | null>(null);
  const refs = useRef<Array<InputRef | null>>([]);
  const fields = (['cardNo', 'amount', ...(method?.allowsChange ? ['tendered'] : [])] as Array<keyof typeof values>).map((key) => ({ key, label: t(`till.topUp.${key}`) }));

  const submit = async () => {
    const amount = Number(values.amount);
    if (!method || !values.cardNo.trim() || !(amount > 0)) return setError(t('till.topUp.incomplete'));
    const tender = moneyTendered(method, values.tendered, amount.toFixed(2));
    if (tender === 'short') return setError(t('till.topUp.tenderShort'));
    const body = {
      shiftId: props.shiftId,
      cardNo: values.cardNo.trim().toUpperCase(),
      amount: amount.toFixed(2),
      paymentMethodId: method.id,
      ...tender,
    };
    // a body changed after an unconfirmed send is a new top-up: a new id (the first one may have landed; the journal shows it)
    const text = JSON.stringify(body);
    if (sent.current !== null && sent.current !== text) id.current = crypto.randomUUID();
    sent.current = text;
    await send(
      (docId) => call<TopUpDoc>('POST', '/api/pos/top-ups', { ...body, id: docId }),
      (refused) => {
        if (refused) sent.current = null;
      },
    );
  };

  const enter = (i: number) => {
    if (busy) return;
    if (i + 1 < fields.length) refs.current[i + 1]?.focus();
    else void submit();
  };

  return (
    <TillModal title={t('till.topUp.title')} onClose={props.onClose} focus={() => refs.current[0]?.focus()}>
      {done ? (
        <DoneBox testId="topup-done" onEnter={props.onClose}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('till.topUp.no')}>{done.topUpNo}</Descriptions.Item>
            <Descriptions.Item label={t('till.topUp.cardNo')}>{done.cardNo}</Descriptions.Item>
            <Descriptions.Item label={t('till.topUp.amount')}>{done.amount}</Descriptions.Item>
            <Descriptions.Item label={t('till.change')}>{done.changeAmount}</Descriptions.Item>
            <Descriptions.Item label={t('till.topUp.balance')}>
              <span data-testid="topup-balance">{done.cardBalanceAfter ?? '-'}</span>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary">{t('till.topUp.enterCloses')}</Typography.Text>
        </DoneBox>
      ) : (
        <>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} data-testid="topup-error" />}
          {fields.map((f, i) => (
            <div key={f.key} style={{ marginBottom: 8 }}>
              <Typography.Text type="secondary">{f.label}</Typography.Text>
              <Input
                autoFocus={i === 0}
                aria-label={f.label}
                value={values[f.key]}
                placeholder={f.key === 'tendered' ? values.amount : undefined}
                onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
                onKeyDown={arrows}
                onPressEnter={() => enter(i)}
                ref={(r) => {
                  refs.current[i] = r;
                }}
              />
            </div>
          ))}
          <TenderMethods testId="topup-methods" hint={t('till.topUp.methodHint')} methods={usable} sel={sel} onSelect={setSel} />
          <Typography.Text type="secondary">{t('till.cancel')}</Typography.Text>
        </>
      )}
    </TillModal>
  );
}

/**
 * 充值冲正: the top-up's number (the last one of this till prefilled, or scanned from the slip),
 * Enter shows it; the reason, Enter reverses it — the whole amount leaves the card and goes back by
 * the top-up's tender out of this shift. The right to reverse (member.top-up.reverse) is usually a
 * manager's: `send` asks for the approval (授权) and tries again.
 */
export function TopUpReverseDialog(props: {
  shiftId: string;
  lastNo?: string | null;
  send: <T>(fn: (approval: string | null) => Promise<T>) => Promise<T>;
  onDone: (doc: TopUpDoc) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [no, setNo] = useState(props.lastNo ?? '');
  const [original, setOriginal] = useState<TopUpDoc | null>(null);
  const [reason, setReason] = useState('');
  const { error, setError, busy, done, submit } = useDocumentSubmit(props.onDone, t('till.topUp.networkError'));
  const noRef = useRef<InputRef>(null);
  const reasonRef = useRef<InputRef>(null);

  useEffect(() => {
    if (original && !done) reasonRef.current?.focus();
  }, [original, done]);

  const find = async () => {
    if (!no.trim()) return;
    setError(null);
    try {
      const doc = await call<TopUpDoc>('GET', `/api/pos/top-ups/by-no/${encodeURIComponent(no.trim())}`);
      if (doc.kind !== 'top_up') return setError(t('till.topUp.notATopUp', { no: doc.topUpNo }));
      setOriginal(doc);
    } catch (e) {
      setError(errText(e));
    }
  };

  const reverse = async () => {
    if (!original || busy) return;
    // the server wants a reason of two characters at least: say so here rather than send
    if (reason.trim().length < 2) return setError(t('till.topUp.reasonShort'));
    await submit(
      (id) => props.send((approval) => call<TopUpDoc>('POST', `/api/pos/top-ups/${original.id}/reverse`, { id, shiftId: props.shiftId, reason: reason.trim() }, approval)),
      () => reasonRef.current?.focus(),
    );
  };

  return (
    <TillModal title={t('till.topUp.reverseTitle')} onClose={props.onClose} focus={() => noRef.current?.focus()}>
      {done ? (
        <DoneBox testId="topup-reversed" onEnter={props.onClose}>
          <Typography.Paragraph>
            {t('till.topUp.reversed', { no: done.topUpNo, original: done.originalNo, amount: done.amount, method: done.methodName ?? done.methodCode })}
          </Typography.Paragraph>
          <Typography.Paragraph>
            {t('till.topUp.balance')}: <span data-testid="topup-balance">{done.cardBalanceAfter ?? '-'}</span>
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t('till.topUp.enterCloses')}</Typography.Text>
        </DoneBox>
      ) : (
        <>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} data-testid="topup-error" />}
          <Typography.Text type="secondary">{t('till.topUp.no')}</Typography.Text>
          <Input autoFocus ref={noRef} aria-label={t('till.topUp.no')} value={no} disabled={!!original} onChange={(e) => setNo(e.target.value)} onPressEnter={() => void find()} />
          {original && (
            <>
              <Descriptions size="small" column={1} bordered style={{ margin: '8px 0' }} data-testid="topup-original">
                <Descriptions.Item label={t('till.topUp.cardNo')}>{original.cardNo}</Descriptions.Item>
                <Descriptions.Item label={t('till.topUp.amount')}>{original.amount}</Descriptions.Item>
                <Descriptions.Item label={t('till.method')}>{original.methodName ?? original.methodCode}</Descriptions.Item>
              </Descriptions>
              <Typography.Text type="secondary">{t('till.topUp.reason')}</Typography.Text>
              <Input ref={reasonRef} aria-label={t('till.topUp.reason')} value={reason} onChange={(e) => setReason(e.target.value)} onPressEnter={() => void reverse()} />
            </>
          )}
          <Typography.Text type="secondary">{t('till.cancel')}</Typography.Text>
        </>
      )}
    </TillModal>
  );
}
