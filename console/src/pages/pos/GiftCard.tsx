import { Alert, Descriptions, Input, Tag, Typography, type InputRef } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TENDER_NUMBER, tenderNumber } from './TenderNumber';
import { DoneBox, moneyTendered, TenderMethods, useMoneyTender } from './TenderFields';
import { errText, TillModal, useDocumentSubmit } from './TillDialog';
import { call, type PaymentMethod } from './tillApi';

/** 余额查询 as the store answers it (HQ holds the value: asked online). */
export interface VoucherBalance {
  number: string;
  kind: 'voucher' | 'gift_card';
  state: 'active' | 'redeemed' | 'void' | 'unsold';
  faceValue: string;
  percent: string | null;
  minSpend: string;
  balance: string;
  validTo: string;
  usable: boolean;
  sellable: boolean;
  refusalCode: string | null;
  refusalMessage: string | null;
}

/** 礼品卡售卡单 as the store answers it. */
export interface GiftCardSaleDoc {
  id: string;
  saleNo: string;
  cardNo: string;
  amount: string;
  methodCode: string;
  methodName: string;
  tendered: string;
  changeAmount: string;
  balanceAfter: string;
}

const cents = (s: string) => Math.round(Number(s) * 100);

export const lookupVoucher = (number: string) => call<VoucherBalance>('GET', `/api/pos/vouchers/${encodeURIComponent(number)}`);

/**
 * What a voucher or gift card can pay of `due` now: its balance, a 折扣券 at most its percent of
 * the sale (half up, to the cent) — the most the payment dialog prefills; HQ decides when the sale is sent.
 */
export function payable(b: VoucherBalance, due: string): string {
  let c = Math.min(cents(b.balance), cents(due));
  if (b.percent) c = Math.min(c, Math.round((cents(due) * Number(b.percent)) / 100));
  return (Math.max(0, c) / 100).toFixed(2);
}

/** One number's look-up, shown the same in the till's dialogs and the store console. */
export function BalanceView({ b }: { b: VoucherBalance }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} bordered style={{ margin: '8px 0' }} data-testid="voucher-balance">
      <Descriptions.Item label={t('till.giftCard.kind')}>{t(`till.giftCard.kinds.${b.kind}`)}</Descriptions.Item>
      <Descriptions.Item label={t('till.giftCard.state')}>
        <Tag color={b.usable ? 'green' : b.sellable ? 'blue' : 'default'}>{t(`till.giftCard.states.${b.state}`)}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label={t('till.giftCard.faceValue')}>{b.faceValue}</Descriptions.Item>
      <Descriptions.Item label={t('till.giftCard.balance')}>
        <b data-testid="voucher-balance-amount">{b.balance}</b>
      </Descriptions.Item>
      {b.percent && <Descriptions.Item label={t('till.giftCard.percent')}>{b.percent}%</Descriptions.Item>}
      {b.kind === 'voucher' && Number(b.minSpend) > 0 && <Descriptions.Item label={t('till.giftCard.minSpend')}>{b.minSpend}</Descriptions.Item>}
      <Descriptions.Item label={t('till.giftCard.validTo')}>{new Date(b.validTo).toLocaleString()}</Descriptions.Item>
      {!b.usable && b.refusalMessage && (
        <Descriptions.Item label={t('till.giftCard.why')}>
          <span data-testid="voucher-refusal">{b.refusalMessage}</span>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** 余额查询: scan or type a voucher's or gift card's number, Enter shows what it can pay here now. */
export function VoucherBalanceDialog(props: { onClose: () => void }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<VoucherBalance | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<InputRef>(null);
  const find = async () => {
    const n = tenderNumber(number);
    setFound(null);
    if (!TENDER_NUMBER.test(n)) return setError(t('till.giftCard.numberNeeded'));
    setError(null);
    try {
      setFound(await lookupVoucher(n));
    } catch (e) {
      setError(errText(e));
    }
    ref.current?.focus({ cursor: 'all' });
  };
  return (
    <TillModal title={t('till.giftCard.balanceTitle')} onClose={props.onClose} focus={() => ref.current?.focus()}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} data-testid="voucher-balance-error" />}
      <Typography.Text type="secondary">{t('till.giftCard.number')}</Typography.Text>
      <Input
        autoFocus
        ref={ref}
        aria-label={t('till.giftCard.number')}
        inputMode="numeric"
        value={number}
        onChange={(e) => setNumber(e.target.value)}
        onPressEnter={() => void find()}
      />
      {found && <BalanceView b={found} />}
      <Typography.Text type="secondary">{t('till.cancel')}</Typography.Text>
    </TillModal>
  );
}

/**
 * 售礼品卡: sell a gift card for money. The card's number (scanned), Enter looks it up at HQ and
 * shows its face value — what the customer pays; then the tender: ↑↓ choose the method (stored
 * value, vouchers and gift cards cannot pay for a gift card), cash may be tendered above (change),
 * Enter sells. The document's UUID is made when the dialog opens: after a network error Enter sends
 * the same sale again and the card is loaded once.
 */
export function GiftCardSaleDialog(props: { shiftId: string; methods: PaymentMethod[]; onDone: (doc: GiftCardSaleDoc) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const { usable, sel, setSel, method, arrows } = useMoneyTender(props.methods);
  const [number, setNumber] = useState('');
  const [card, setCard] = useState<VoucherBalance | null>(null);
  const [tendered, setTendered] = useState('');
  const { error, setError, busy, done, submit } = useDocumentSubmit(props.onDone, t('till.giftCard.networkError'));
  const numberRef = useRef<InputRef>(null);
  const tenderedRef = useRef<InputRef>(null);

  const find = async () => {
    const n = tenderNumber(number);
    setCard(null);
    if (!TENDER_NUMBER.test(n)) return setError(t('till.giftCard.numberNeeded'));
    setError(null);
    try {
      const b = await lookupVoucher(n);
      setCard(b);
      if (!b.sellable) return setError(b.state === 'unsold' ? (b.refusalMessage ?? t('till.giftCard.notSellable')) : t('till.giftCard.notSellable'));
      setTendered(b.faceValue);
      setTimeout(() => tenderedRef.current?.focus({ cursor: 'all' }));
    } catch (e) {
      setError(errText(e));
    }
  };

  const sell = async () => {
    if (!card?.sellable || !method || busy) return;
    const tender = moneyTendered(method, tendered, card.faceValue);
    if (tender === 'short') return setError(t('till.giftCard.tenderShort'));
    await submit((id) =>
      call<GiftCardSaleDoc>('POST', '/api/pos/gift-card-sales', { id, shiftId: props.shiftId, cardNo: card.number, amount: card.faceValue, paymentMethodId: method.id, ...tender }),
    );
  };

  return (
    <TillModal title={t('till.giftCard.title')} onClose={props.onClose} focus={() => numberRef.current?.focus()}>
      {done ? (
        <DoneBox testId="giftcard-done" onEnter={props.onClose}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('till.giftCard.no')}>{done.saleNo}</Descriptions.Item>
            <Descriptions.Item label={t('till.giftCard.number')}>{done.cardNo}</Descriptions.Item>
            <Descriptions.Item label={t('till.giftCard.amount')}>{done.amount}</Descriptions.Item>
            <Descriptions.Item label={t('till.method')}>{done.methodName}</Descriptions.Item>
            <Descriptions.Item label={t('till.change')}>
              <span data-testid="giftcard-change">{done.changeAmount}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('till.giftCard.balance')}>
              <span data-testid="giftcard-balance">{done.balanceAfter}</span>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary">{t('till.topUp.enterCloses')}</Typography.Text>
        </DoneBox>
      ) : (
        <>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} data-testid="giftcard-error" />}
          <Typography.Text type="secondary">{t('till.giftCard.number')}</Typography.Text>
          <Input
            autoFocus
            ref={numberRef}
            aria-label={t('till.giftCard.number')}
            inputMode="numeric"
            value={number}
            onChange={(e) => {
              setNumber(e.target.value);
              setCard(null);
            }}
            onKeyDown={arrows}
            onPressEnter={() => void find()}
          />
          {card && <BalanceView b={card} />}
          {card?.sellable && (
            <>
              <Typography.Text type="secondary">{method?.allowsChange ? t('till.giftCard.tendered') : t('till.giftCard.amount')}</Typography.Text>
              <Input
                ref={tenderedRef}
                aria-label={t('till.giftCard.tendered')}
                value={method?.allowsChange ? tendered : card.faceValue}
                readOnly={!method?.allowsChange}
                onChange={(e) => setTendered(e.target.value)}
                onKeyDown={arrows}
                onPressEnter={() => void sell()}
              />
              <TenderMethods testId="giftcard-methods" hint={t('till.giftCard.methodHint')} methods={usable} sel={sel} onSelect={setSel} />
            </>
          )}
          <Typography.Text type="secondary">{t('till.cancel')}</Typography.Text>
        </>
      )}
    </TillModal>
  );
}
