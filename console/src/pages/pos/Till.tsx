import type { WeighedLabel, WeighedLabelLayout } from '@chain-erp/api-client';
import { App as AntApp, Button, Input, Layout, Table, Tag, Typography, type InputRef } from 'antd';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { Fields, Picker, Prompt, RowInputs } from './dialogs';
import { LockScreen, type Locker } from './LockScreen';
import { findCached, refreshCatalog, type CachedProduct } from './catalogCache';
import { displayOf, tillDisplay } from './customerDisplay';
import { Payment, type Tender } from './Payment';
import { ReceiptPrint } from './Receipt';
import { actionOf, effectiveShortcuts, type Shortcut } from './shortcuts';
import { TopUpDialog, TopUpReverseDialog, type TopUpDoc } from './TopUp';
import { GiftCardSaleDialog, VoucherBalanceDialog } from './GiftCard';
import { approvalFor, call, NetworkError, type LookupItem, type PaymentMethod, type Quote, type ReceiptJson, type SaleDoc, type Shift } from './tillApi';
import '../../i18n/areas';

/** A line as the till holds it before the sale: what the server is told, and what the cashier saw. */
interface Line {
  key: string;
  barcode?: string;
  productCode?: string;
  name: string;
  quantity?: string;
  price?: string;
  discountPercent?: string;
  voided?: boolean;
  /** the cached catalog's reference price, shown (待定价) only while the store server cannot price the basket */
  refPrice?: string;
  /** a weighed-goods label's weight or price, shown (with the reference price) until the server prices the line */
  embedded?: LookupItem['embedded'];
}

interface Basket {
  /** the sale's UUID, born here before the first send: a retry after a network error sells once */
  id: string;
  lines: Line[];
  memberRef: string | null;
  memberName: string | null;
  discountPercent?: string;
}

interface Approval {
  token: string;
  permission: string;
  approver: string;
}

type Dialog =
  | { kind: 'prompt'; title: string; label: string; initial?: string; onOk: (v: string) => void }
  | { kind: 'search'; items: LookupItem[] }
  | { kind: 'pay'; initialMethod?: string }
  | { kind: 'approval'; permission: string; onOk: (a: Approval) => void; onCancel: () => void; error?: string | null }
  | { kind: 'refund'; sale: SaleDoc & { lines: Array<SaleDoc['lines'][number] & { refundedQuantity?: string }> }; error?: string | null }
  | { kind: 'handover'; shift: Shift; error?: string | null }
  | { kind: 'handed'; report: Shift }
  | { kind: 'issue'; cardNo?: string; error?: string | null }
  | { kind: 'recall' }
  | null;

const TILL_KEY = 'chain-erp.till.code';
const HELD_KEY = 'chain-erp.till.held';
/** the basket in progress, per till: it survives a reload, the lock screen and a manager's takeover */
const basketKey = (till: string) => `chain-erp.till.basket.${till}`;
const uuid = () => crypto.randomUUID();
const newBasket = (): Basket => ({ id: uuid(), lines: [], memberRef: null, memberName: null });
const loadHeld = (): Basket[] => JSON.parse(localStorage.getItem(HELD_KEY) ?? '[]') as Basket[];
const loadBasket = (till: string): Basket | null => {
  try {
    const b = JSON.parse(localStorage.getItem(basketKey(till)) ?? 'null') as Basket | null;
    return b && Array.isArray(b.lines) && typeof b.id === 'string' ? b : null;
  } catch {
    return null;
  }
};
/** the catalog cache is brought up to date this often (and when the till opens) */
const CATALOG_REFRESH_MS = 5 * 60_000;
/** a basket the server could not price (network) is priced again this soon */
const REQUOTE_MS = 3000;
const errText = (e: unknown) => (e instanceof ApiError ? `${e.code}: ${e.message}` : (e as Error).message);

/** A cached product as the look-up would have answered it (a barcode or label scanned is sent as the barcode). */
const fromCache = (p: CachedProduct, text: string, label: WeighedLabel | null): LookupItem => ({
  productId: p.productId,
  code: p.code,
  name: p.name,
  weighed: p.weighed,
  retailPrice: p.retailPrice,
  memberPrice: p.memberPrice,
  onHand: '',
  barcode: label || p.barcodes.includes(text) ? text : null,
  embedded: label && { kind: label.layout.kind, value: label.value },
});

/** A line's quantity before the server's quote: typed, a weighed label's weight, else one. */
const shownQuantity = (l: Line) => l.quantity ?? (l.embedded?.kind === 'weight' ? l.embedded.value : '1');

/** The basket at the cached reference prices (before promotions and discounts): shown only while the server cannot price it. */
const provisionalTotal = (lines: Line[]) =>
  (
    lines
      .filter((l) => !l.voided)
      .reduce(
        (a, l) =>
          a + Math.round(l.embedded?.kind === 'price' && !l.quantity ? Number(l.embedded.value) * 100 : Number(l.price ?? l.refPrice ?? 0) * 100 * Number(shownQuantity(l))),
        0,
      ) / 100
  ).toFixed(2);

/**
 * 收银台: the full-screen sale screen for a keyboard and a barcode scanner (which types the code and
 * Enter). Prices, promotions, discounts and rounding come from the store server (`/api/pos/sales/quote`
 * for each change of the basket, then the sale itself); the till holds the basket (kept in this
 * browser across a reload and the lock screen) and a cached catalog that answers scans (catalogCache.ts).
 */
export default function Till() {
  const { t } = useTranslation();
  const { me, adopt } = useAuth();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const input = useRef<InputRef>(null);
  const [code, setCode] = useState('');
  const [tillCode] = useState(localStorage.getItem(TILL_KEY) ?? '01');
  const [shift, setShift] = useState<Shift | null | undefined>(undefined);
  const [methods, setMethods] = useState<PaymentMethod[]>([]);
  const [shortcuts, setShortcuts] = useState<Shortcut[]>(effectiveShortcuts(undefined));
  const [networkPrinter, setNetworkPrinter] = useState(false);
  const [customerDisplay, setCustomerDisplay] = useState(false);
  const [basket, setBasket] = useState<Basket>(() => loadBasket(tillCode) ?? newBasket());
  const [quote, setQuote] = useState<Quote | null>(null);
  const [selected, setSelected] = useState(0);
  const [approval, setApproval] = useState<Approval | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [paying, setPaying] = useState({ busy: false, error: null as string | null, failed: null as Tender[] | null });
  const [last, setLast] = useState<SaleDoc | null>(null);
  const [receipt, setReceipt] = useState<ReceiptJson | null>(null);
  const [held, setHeld] = useState<Basket[]>(loadHeld);
  const [locked, setLocked] = useState<Locker | null>(null);
  // the dialogs of a till's own documents (充值 / 充值冲正 / 售礼品卡) and the balance look-up
  const [topUp, setTopUp] = useState<'top-up' | 'reverse' | 'gift-card' | 'balance' | null>(null);
  const [lastTopUpNo, setLastTopUpNo] = useState<string | null>(null);
  const [catalog, setCatalog] = useState<{ count: number | null; busy: boolean; failed: boolean }>({ count: null, busy: true, failed: false });
  // the store server did not answer the last quote: the lines show reference prices until it does
  const [pricePending, setPricePending] = useState(false);
  // set by lock() at once (the session ends right after): no call may leave while the till is locked
  const lockedRef = useRef(false);
  // a basket restored from this browser is priced again once the till's shift is known
  const restored = useRef(basket.lines.length > 0);
  const quoteSeq = useRef(0);
  // the basket as the latest change left it (scans arrive faster than React renders) and the quote on its way
  const basketRef = useRef(basket);
  const quoting = useRef<Promise<Quote | null>>(Promise.resolve(null));
  const scans = useRef<Promise<void>>(Promise.resolve());
  // the store's weighed-goods label layouts (门店设置): the cached catalog reads a label as the server does
  const labelLayouts = useRef<WeighedLabelLayout[]>([]);

  // settings (键盘设置, 外设设置), tenders, and the till's open shift (resumed after a reload)
  useEffect(() => {
    void (async () => {
      // the settings in force (HQ's, then the store's own): `effective` of the answer
      const { effective: settings } = await call<{
        effective: {
          checkout?: { weighedBarcodes?: WeighedLabelLayout[] };
          keyboard?: { shortcuts: Shortcut[] };
          peripherals?: { printer?: { kind: string; address?: string | null }; customerDisplay?: { enabled: boolean } };
        };
      }>('GET', '/api/pos/settings');
      labelLayouts.current = settings.checkout?.weighedBarcodes ?? [];
      setShortcuts(effectiveShortcuts(settings.keyboard?.shortcuts));
      setNetworkPrinter(settings.peripherals?.printer?.kind === 'escpos-network' && !!settings.peripherals.printer.address);
      setCustomerDisplay(!!settings.peripherals?.customerDisplay?.enabled);
      setMethods(await call<PaymentMethod[]>('GET', '/api/pos/payment-methods'));
      try {
        const open = await call<Shift>('GET', `/api/pos/shifts/current/${tillCode}`);
        setShift(open.status === 'open' ? open : null);
      } catch {
        setShift(null);
      }
    })().catch((e) => message.error(errText(e)));
  }, [tillCode, message]);

  // in the commit that closes a dialog, not after the paint: a scanner typing the moment the dialog is
  // gone must not type into nothing (useEffect runs later when the change came from a server's answer)
  useLayoutEffect(() => {
    if (!dialog && shift && !locked && !topUp) input.current?.focus();
  }, [dialog, basket, shift, locked, topUp]);

  useEffect(() => {
    localStorage.setItem(basketKey(tillCode), JSON.stringify(basket));
  }, [basket, tillCode]);

  // 客显 (customerDisplay.ts): the customer's window of this browser shows the basket, the total, paid and change
  const display = useRef<ReturnType<typeof tillDisplay> | null>(null);
  useEffect(() => {
    display.current = tillDisplay(tillCode);
    return () => display.current?.close();
  }, [tillCode]);
  useEffect(() => {
    display.current?.send(customerDisplay ? displayOf(basket, quote, pricePending, last) : { off: true });
  }, [customerDisplay, basket, quote, pricePending, last]);

  /** The open shift is another cashier's (a manager took the till over): it is handed over first. */
  const foreignShift = !!shift && !!me && !!shift.cashierId && shift.cashierId !== me.id;

  useEffect(() => {
    if (receipt) window.print();
  }, [receipt]);

  // the catalog cached in this browser: brought up to date now and every few minutes (not while locked: no sign-in)
  useEffect(() => {
    let stop = false;
    const run = async () => {
      if (lockedRef.current) return;
      setCatalog((c) => ({ ...c, busy: true }));
      try {
        const r = await refreshCatalog();
        if (!stop) setCatalog({ count: r.count, busy: false, failed: false });
      } catch {
        // a server blip or a browser without IndexedDB: scans go to the server as before
        if (!stop) setCatalog((c) => ({ ...c, busy: false, failed: true }));
      }
    };
    void run();
    const timer = setInterval(() => void run(), CATALOG_REFRESH_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, []);

  /** Ask a manager (授权) for a permission; resolves with the approval or null when cancelled. */
  const askApproval = useCallback(
    (permission: string) =>
      new Promise<Approval | null>((resolve) => {
        // the field typed in last (a dialog's reason, under the approval) must not take the keys
        // meant for the approver's name while the approval dialog mounts and takes the focus
        (document.activeElement as HTMLElement | null)?.blur();
        setDialog({
          kind: 'approval',
          permission,
          onOk: (a) => {
            setApproval(a);
            setDialog(null);
            resolve(a);
          },
          onCancel: () => {
            setDialog(null);
            resolve(null);
          },
        });
      }),
    [],
  );

  /** A call that, when refused for want of a right, asks a manager and tries once more with the approval. */
  const withApproval = useCallback(
    async <T,>(fn: (approvalToken: string | null) => Promise<T>, current: Approval | null = approval): Promise<T> => {
      try {
        return await fn(current?.token ?? null);
      } catch (e) {
        const permission = approvalFor(e);
        if (!permission) throw e;
        const a = await askApproval(permission);
        if (!a) throw e;
        return fn(a.token);
      }
    },
    [approval, askApproval],
  );

  const wire = (b: Basket) => ({
    shiftId: shift!.id,
    memberRef: b.memberRef ?? undefined,
    discountPercent: b.discountPercent,
    lines: b.lines.map((l) => ({
      ...(l.barcode ? { barcode: l.barcode } : { productCode: l.productCode }),
      ...(l.quantity ? { quantity: l.quantity } : {}),
      ...(l.price ? { price: l.price } : {}),
      ...(l.discountPercent ? { discountPercent: l.discountPercent } : {}),
      ...(l.voided ? { voided: true } : {}),
    })),
  });

  /** Every change of the basket is priced by the server; a refusal undoes the change. */
  const change = useCallback(
    async (next: Basket, prev: Basket) => {
      basketRef.current = next;
      setBasket(next);
      if (next.lines.length === 0) {
        setQuote(null);
        quoting.current = Promise.resolve(null);
        return;
      }
      const seq = ++quoteSeq.current;
      const run = (async () => {
        try {
          const q = await withApproval((token) => call<Quote>('POST', '/api/pos/sales/quote', wire(next), token));
          if (seq === quoteSeq.current) {
            setQuote(q);
            setPricePending(false);
          }
          return q;
        } catch (e) {
          if (e instanceof NetworkError) {
            // the store server did not answer: the change stays (reference prices, 待定价) and is priced once it answers
            if (seq === quoteSeq.current) {
              setPricePending(true);
              setTimeout(() => {
                if (seq === quoteSeq.current && !lockedRef.current) void change(basketRef.current, prev);
              }, REQUOTE_MS);
            }
            return null;
          }
          if (seq === quoteSeq.current) {
            message.error(errText(e));
            basketRef.current = prev;
            setBasket(prev);
          }
          return null;
        }
      })();
      quoting.current = run;
      await run;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [shift, withApproval, message],
  );

  /**
   * A new basket in place of the current one (sold, held, voided): a quote still on its way was for
   * the basket that left and must neither price nor undo the new one.
   */
  const replaceBasket = (b: Basket) => {
    quoteSeq.current++;
    quoting.current = Promise.resolve(null);
    basketRef.current = b;
    setBasket(b);
    setQuote(null);
    setPricePending(false);
  };

  useEffect(() => {
    if (!shift || foreignShift || !restored.current) return;
    restored.current = false;
    // a refusal keeps the basket as it was (the cashier sees why)
    void change(basketRef.current, basketRef.current);
  }, [shift, foreignShift, change]);

  const addItem = (item: LookupItem, quantity?: string) => {
    const current = basketRef.current;
    const line: Line = {
      key: uuid(),
      name: item.name,
      ...(item.barcode ? { barcode: item.barcode } : { productCode: item.code }),
      ...(quantity ? { quantity } : {}),
      refPrice: item.retailPrice,
      ...(item.embedded ? { embedded: item.embedded } : {}),
    };
    const next = { ...current, lines: [...current.lines, line] };
    setSelected(next.lines.length - 1);
    void change(next, current);
  };

  /** Scans are handled one after the other, in the order the scanner sent them. */
  const scan = (text: string) => {
    scans.current = scans.current.then(() => lookupAndAdd(text));
    return scans.current;
  };

  const lookupAndAdd = async (text: string) => {
    const m = /^(\d+(?:\.\d{1,3})?)\*(.+)$/.exec(text);
    const [quantity, q] = m ? [m[1], m[2]] : [undefined, text];
    // the cached catalog first: a barcode or code it holds is on the screen at once, even in a server blip
    const cached = await findCached(q, labelLayouts.current).catch(() => null);
    if (cached) return addItem(fromCache(cached.product, q, cached.label), quantity);
    try {
      const items = await call<LookupItem[]>('GET', `/api/pos/products/lookup?q=${encodeURIComponent(q)}`);
      const exact = items.find((i) => i.barcode === q || i.code === q);
      if (exact) addItem(exact, quantity);
      else if (items.length === 1) addItem(items[0], quantity);
      else if (items.length > 1) setDialog({ kind: 'search', items });
      else message.warning(t('till.notFound', { q }));
    } catch (e) {
      message.error(e instanceof NetworkError ? t('till.catalog.provisionalHint') : errText(e));
    }
  };

  const setLine = (patch: Partial<Line>) => {
    const current = basketRef.current;
    if (!current.lines[selected]) return;
    const lines = current.lines.map((l, i) => (i === selected ? { ...l, ...patch } : l));
    void change({ ...current, lines }, current);
  };

  const prompt = (title: string, label: string, onOk: (v: string) => void, initial?: string) =>
    setDialog({
      kind: 'prompt',
      title,
      label,
      initial,
      onOk: (v) => {
        setDialog(null);
        onOk(v);
      },
    });

  const finish = async (sale: SaleDoc) => {
    setLast(sale);
    replaceBasket(newBasket());
    setApproval(null);
    setSelected(0);
    setDialog(null);
    message.success(t('till.saleDone', { no: sale.receiptNo }));
    await printReceipt(sale.id, null);
  };

  const printReceipt = async (saleId: string, token: string | null) => {
    try {
      if (networkPrinter) {
        const r = await withApproval((a) => call<{ printer: string }>('POST', `/api/pos/sales/${saleId}/print`, undefined, a ?? token), null);
        message.info(t('till.printed', { printer: r.printer }));
      } else setReceipt(await withApproval((a) => call<ReceiptJson>('GET', `/api/pos/sales/${saleId}/receipt`, undefined, a ?? token), null));
    } catch (e) {
      message.error(errText(e));
    }
  };

  const pay = async (tenders: Tender[]) => {
    setPaying({ busy: true, error: null, failed: null });
    const b = basketRef.current;
    const body = { id: b.id, ...wire(b), payments: tenders };
    try {
      const sale = await withApproval((token) => call<SaleDoc>('POST', '/api/pos/sales', body, token));
      setPaying({ busy: false, error: null, failed: null });
      await finish(sale);
    } catch (e) {
      // not confirmed: the same body under the same id again (Enter) — the server answers the first result if it had landed
      if (e instanceof NetworkError) setPaying({ busy: false, error: t('till.networkError'), failed: tenders });
      else setPaying({ busy: false, error: errText(e), failed: null });
    }
  };

  /** 结账 once the scans and the basket's price are in (a cashier may press the key right after the last scan). */
  const openPay = async (initialMethod?: string) => {
    await scans.current;
    const q = await quoting.current;
    if (basketRef.current.lines.length > 0 && (!q || pricePending)) return void message.warning(t('till.catalog.waitPrice'));
    if (!q || basketRef.current.lines.length === 0) return;
    setPaying({ busy: false, error: null, failed: null });
    setDialog({ kind: 'pay', initialMethod });
  };

  const member = (v: string) => {
    void (async () => {
      try {
        const byMobile = /^1\d{10}$/.test(v);
        const found = await call<{ member: { name: string } | null; cards: Array<{ cardNo: string; state: string }> }>(
          'GET',
          `/api/membership/lookup?${byMobile ? 'mobile' : 'cardNo'}=${encodeURIComponent(v)}`,
        );
        const card = found.cards.find((c) => c.state === 'issued');
        if (card) return void change({ ...basketRef.current, memberRef: card.cardNo, memberName: found.member?.name ?? null }, basketRef.current);
        const blank = found.cards.find((c) => c.state === 'assigned');
        if (blank) {
          message.info(t('till.blankCard', { card: blank.cardNo }));
          setDialog({ kind: 'issue', cardNo: blank.cardNo });
        } else message.warning(t('till.notFound', { q: v }));
      } catch (e) {
        if (e instanceof ApiError && e.code === 'MEMBER_CARD_NOT_FOUND') message.warning(t('till.notFound', { q: v }));
        else message.error(errText(e));
      }
    })();
  };

  const issue = async (v: Record<string, string>) => {
    try {
      await call('POST', '/api/membership/cards/issue', { issueId: uuid(), cardNo: v.cardNo, member: { name: v.name, mobile: v.mobile } });
      message.success(t('till.issued', { card: v.cardNo }));
      setDialog(null);
      await change({ ...basketRef.current, memberRef: v.cardNo, memberName: v.name }, basketRef.current);
    } catch (e) {
      setDialog({ kind: 'issue', cardNo: v.cardNo, error: errText(e) });
    }
  };

  const refundLookup = async (receiptNo: string) => {
    try {
      const sale = await call<SaleDoc>('GET', `/api/pos/sales/by-receipt/${encodeURIComponent(receiptNo)}`);
      setDialog({ kind: 'refund', sale });
    } catch (e) {
      message.error(errText(e));
    }
  };

  const refund = async (sale: SaleDoc, qty: Record<string, string>, reason: string) => {
    const lines = Object.entries(qty)
      .filter(([, q]) => q && Number(q) > 0)
      .map(([lineNo, q]) => ({ saleLineNo: Number(lineNo), quantity: q }));
    if (!lines.length) return;
    try {
      const r = await withApproval(
        (token) => call<{ refundNo: string; totalAmount: string }>('POST', '/api/pos/refunds', { id: refundId.current, shiftId: shift!.id, saleId: sale.id, reason, lines }, token),
        null,
      );
      refundId.current = uuid();
      setDialog(null);
      message.success(t('till.refundDone', { no: r.refundNo, amount: r.totalAmount }));
    } catch (e) {
      setDialog({ kind: 'refund', sale, error: errText(e) });
    }
  };
  const refundId = useRef(uuid());

  /**
   * 锁屏: the basket stays (kept in this browser), the cashier's sign-in ends at the server, so the
   * token left in the browser is dead and a reload lands on the login page. Unlocking signs in again.
   */
  const lock = async () => {
    await scans.current;
    await quoting.current;
    lockedRef.current = true;
    setLocked({ username: me?.username ?? '', displayName: me?.displayName ?? '', at: new Date() });
    setApproval(null);
    await call('POST', '/api/auth/logout').catch(() => undefined);
  };

  const topUpDone = async (doc: TopUpDoc) => {
    if (doc.kind === 'top_up') setLastTopUpNo(doc.topUpNo);
    message.success(
      doc.kind === 'top_up'
        ? t('till.topUp.done', { no: doc.topUpNo, card: doc.cardNo, amount: doc.amount })
        : t('till.topUp.reversed', { no: doc.topUpNo, original: doc.originalNo, amount: doc.amount, method: doc.methodName ?? doc.methodCode }),
    );
    try {
      setReceipt(await withApproval((a) => call<ReceiptJson>('GET', `/api/pos/top-ups/${doc.id}/receipt`, undefined, a), null));
    } catch (e) {
      message.error(errText(e));
    }
  };

  const handover = async (s: Shift, counts: Record<string, string>) => {
    try {
      const report = await call<Shift>('POST', `/api/pos/shifts/${s.id}/handover`, {
        counts: Object.entries(counts)
          .filter(([, a]) => a !== '')
          .map(([paymentMethodId, amount]) => ({ paymentMethodId, amount: Number(amount).toFixed(2) })),
      });
      setDialog({ kind: 'handed', report });
    } catch (e) {
      setDialog({ kind: 'handover', shift: s, error: errText(e) });
    }
  };

  const act = (action: string) => {
    const line = basketRef.current.lines[selected];
    switch (action) {
      case 'search':
        return prompt(t('till.searchTitle'), t('till.input'), (v) => void scan(v));
      case 'quantity':
        return line && prompt(t('till.actions.quantity'), t('till.enterQuantity'), (v) => setLine({ quantity: v }), line.quantity ?? quote?.lines[selected]?.quantity);
      case 'price-override':
        return line && prompt(t('till.actions.price-override'), t('till.enterPrice'), (v) => setLine({ price: Number(v).toFixed(2) }));
      case 'line-discount':
        return line && prompt(t('till.actions.line-discount'), t('till.enterLinePercent'), (v) => setLine({ discountPercent: v }));
      case 'sale-discount':
        return (
          basketRef.current.lines.length > 0 &&
          prompt(t('till.actions.sale-discount'), t('till.enterSalePercent'), (v) => void change({ ...basketRef.current, discountPercent: v }, basketRef.current))
        );
      case 'void-line':
        return line && setLine({ voided: !line.voided });
      case 'void-sale':
        replaceBasket(newBasket());
        return setApproval(null);
      case 'member':
        return prompt(t('till.actions.member'), t('till.enterMember'), member);
      case 'issue-card':
        return setDialog({ kind: 'issue' });
      case 'suspend':
        if (basketRef.current.lines.length === 0) return setDialog({ kind: 'recall' });
        {
          const list = [...held, basketRef.current];
          localStorage.setItem(HELD_KEY, JSON.stringify(list));
          setHeld(list);
          replaceBasket(newBasket());
          return setApproval(null);
        }
      case 'resume':
        return setDialog({ kind: 'recall' });
      case 'pay-cash':
        return void openPay('cash');
      case 'pay-card':
        return void openPay('card');
      case 'pay-mobile':
        return void openPay('mobile');
      case 'reprint':
        return last && void printReceipt(last.id, null);
      case 'open-drawer':
        return void withApproval((token) => call('POST', '/api/pos/drawer/open', { shiftId: shift!.id, reason: t('till.drawerReason') }, token), null)
          .then(() => message.success(t('till.drawerOpened')))
          .catch((e) => message.error(errText(e)));
      case 'refund':
        return prompt(t('till.refundTitle'), t('till.receiptNo'), (v) => void refundLookup(v), last?.receiptNo);
      case 'handover':
        return void call<Shift>('GET', `/api/pos/shifts/${shift!.id}`).then((s) => setDialog({ kind: 'handover', shift: s }));
      case 'lock':
        return void lock();
      case 'top-up':
        return setTopUp('top-up');
      case 'top-up-reverse':
        return setTopUp('reverse');
      case 'gift-card-sale':
        return setTopUp('gift-card');
      case 'voucher-balance':
        return setTopUp('balance');
    }
  };

  // the till's keys (键盘设置); a dialog handles its own keys. Registered in the commit (a layout
  // effect): a key pressed the moment a change shows (a scanned line, a sale done) must act on what
  // shows, not on the render before it — a passive effect may run after the next key when the render
  // came from a server's answer (a voided line that was not the one on screen, F10 with the payment still "open")
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = actionOf(shortcuts, e);
      if (/^F\d+$/.test(e.key) || action) e.preventDefault();
      if (!action || dialog || !shift || locked || topUp) return;
      e.stopPropagation();
      act(action);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });

  const onInputKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setSelected((i) => Math.min(basket.lines.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setSelected((i) => Math.max(0, i - 1));
  };

  const keyOf = (action: string) => shortcuts.find((s) => s.action === action)?.key;
  const q = quote;

  return (
    <Layout style={{ height: '100vh', background: '#f5f5f5' }} data-testid="till">
      <Layout.Header style={{ background: '#001529', color: '#fff', display: 'flex', gap: 24, alignItems: 'center', padding: '0 16px' }}>
        <b style={{ fontSize: 18 }}>{t('till.title')}</b>
        <span>
          {t('till.store')}: {me?.orgUnit.name}
        </span>
        <span>
          {t('till.tillCode')}: {tillCode}
        </span>
        <span>
          {t('till.cashier')}: {me?.displayName}
        </span>
        <span data-testid="till-shift">
          {t('till.shift')}: {shift ? shift.shiftNo : t('till.noShift')}
        </span>
        {approval && <Tag color="orange">{t('till.approvedBy', { name: approval.approver })}</Tag>}
        {foreignShift && (
          <Tag color="red" data-testid="till-foreign-shift">
            {t('till.lock.otherShift', { no: shift.shiftNo, cashier: shift.cashierName ?? '', key: keyOf('handover') ?? '' })}
          </Tag>
        )}
        <span style={{ flex: 1 }} />
        <Button size="small" onClick={() => navigate('/')}>
          {t('till.back')}
        </Button>
      </Layout.Header>
      <Layout.Content style={{ display: 'flex', gap: 12, padding: 12, minHeight: 0 }}>
        <div style={{ flex: 3, display: 'flex', flexDirection: 'column', minHeight: 0, background: '#fff', padding: 8 }}>
          <Table
            size="small"
            pagination={false}
            scroll={{ y: 'calc(100vh - 260px)' }}
            rowKey="key"
            data-testid="till-lines"
            locale={{ emptyText: t('till.empty') }}
            dataSource={basket.lines}
            rowClassName={(_, i) => (i === selected ? 'ant-table-row-selected' : '')}
            onRow={(_, i) => ({ onClick: () => setSelected(i ?? 0) })}
            columns={[
              { title: t('till.lineNo'), width: 40, render: (_, __, i) => i + 1 },
              { title: t('till.name'), render: (_, l) => (l.voided ? <s>{l.name}</s> : l.name) },
              { title: t('till.quantity'), width: 80, render: (_, l, i) => q?.lines[i]?.quantity ?? shownQuantity(l) },
              {
                title: t('till.price'),
                width: 110,
                render: (_, l, i) =>
                  pricePending || !q?.lines[i] ? (
                    <span data-testid="line-provisional">
                      {l.refPrice ?? ''} <Tag color="gold">{t('till.catalog.provisional')}</Tag>
                    </span>
                  ) : (
                    q.lines[i].unitPrice
                  ),
              },
              {
                title: t('till.promotion'),
                render: (_, __, i) =>
                  (q?.lines[i]?.promotions ?? []).map((p) => (
                    <Tag color="red" key={p.name}>
                      {p.name} -{p.saving}
                    </Tag>
                  )),
              },
              {
                title: t('till.discount'),
                width: 80,
                render: (_, l, i) => (q?.lines[i] && Number(q.lines[i].lineDiscount) > 0 ? `-${q.lines[i].lineDiscount}` : l.discountPercent ? `${l.discountPercent}%` : ''),
              },
              {
                title: t('till.amount'),
                width: 90,
                render: (_, l, i) => (l.voided ? <Tag>{t('till.voided')}</Tag> : <span data-testid="line-amount">{q?.lines[i]?.amount ?? ''}</span>),
              },
            ]}
          />
          <div style={{ marginTop: 'auto' }}>
            <Input
              ref={input}
              size="large"
              data-testid="till-input"
              placeholder={t('till.input')}
              value={code}
              disabled={!shift}
              onChange={(e) => setCode(e.target.value)}
              onKeyDown={onInputKey}
              onPressEnter={() => {
                const v = code.trim();
                setCode('');
                if (v) void scan(v);
                else void openPay();
              }}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('till.inputHint')}
            </Typography.Text>
          </div>
        </div>
        <div style={{ flex: 1, display: 'flex', flexDirection: 'column', gap: 8, minWidth: 280 }}>
          <div style={{ background: '#fff', padding: 12 }} data-testid="till-totals">
            <div>
              {t('till.member')}: <b data-testid="till-member">{basket.memberRef ? `${basket.memberRef} ${basket.memberName ?? ''}` : t('till.noMember')}</b>
            </div>
            <div>
              {t('till.gross')}: {q?.grossAmount ?? '0.00'}
            </div>
            <div>
              {t('till.promotionDiscount')}: {q?.promotionDiscount ?? '0.00'}
            </div>
            <div>
              {t('till.cashierDiscount')}: {q?.discountAmount ?? '0.00'}
            </div>
            <div>
              {t('till.rounding')}: {q?.roundingAmount ?? '0.00'}
            </div>
            <div style={{ fontSize: 28 }}>
              {t('till.total')}:{' '}
              {pricePending ? (
                <span data-testid="till-total-provisional">
                  ≈ {provisionalTotal(basket.lines)} <Tag color="gold">{t('till.catalog.provisional')}</Tag>
                </span>
              ) : (
                <b data-testid="till-total">{q?.totalAmount ?? '0.00'}</b>
              )}
            </div>
            {pricePending && (
              <Typography.Paragraph type="warning" data-testid="till-price-pending" style={{ marginTop: 8 }}>
                {t('till.catalog.provisionalHint')}
              </Typography.Paragraph>
            )}
            {held.length > 0 && <Tag data-testid="till-held">{t('till.held', { n: held.length })}</Tag>}
            {last && (
              <div data-testid="till-last" style={{ marginTop: 8 }}>
                {t('till.lastSale', { no: last.receiptNo, paid: last.paidAmount, change: last.changeAmount })}
              </div>
            )}
          </div>
          <div style={{ background: '#fff', padding: 12, flex: 1, overflow: 'auto', fontSize: 12 }} data-testid="till-keys">
            <div data-testid="till-catalog" style={{ marginBottom: 8 }}>
              <Typography.Text type="secondary">
                {catalog.busy
                  ? t('till.catalog.loading')
                  : catalog.failed && catalog.count === null
                    ? t('till.catalog.unavailable')
                    : t('till.catalog.ready', { n: catalog.count ?? 0 })}
              </Typography.Text>
            </div>
            <b>{t('till.keys')}</b>
            {shortcuts.map((s) => (
              <div key={s.key}>
                <Tag>{s.key}</Tag> {t(`till.actions.${s.action}`, { defaultValue: s.action })}
              </div>
            ))}
          </div>
        </div>
      </Layout.Content>

      {shift === null && (
        <Fields
          title={t('till.openShift')}
          fields={[{ key: 'float', label: t('till.openingFloat'), initial: '' }]}
          onCancel={() => navigate('/')}
          onOk={(v) =>
            void call<Shift>('POST', '/api/pos/shifts', { id: uuid(), tillCode, openingFloat: Number(v.float || '0').toFixed(2) })
              .then(setShift)
              .catch((e) => message.error(errText(e)))
          }
        />
      )}
      {dialog?.kind === 'prompt' && <Prompt title={dialog.title} label={dialog.label} initial={dialog.initial} onOk={dialog.onOk} onCancel={() => setDialog(null)} />}
      {dialog?.kind === 'search' && (
        <Picker
          title={t('till.searchTitle')}
          hint={t('till.searchPick')}
          items={dialog.items}
          render={(i) => `${i.code}  ${i.name}  ¥${i.retailPrice}  (${i.onHand})`}
          onPick={(i) => {
            setDialog(null);
            addItem(i);
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'pay' && q && (
        <Payment
          due={q.totalAmount}
          methods={methods}
          hasMember={!!basket.memberRef && !!q.member?.storedValueAllowed}
          initialMethod={dialog.initialMethod}
          busy={paying.busy}
          error={paying.error}
          failedTenders={paying.failed}
          onPay={(x) => void pay(x)}
          onCancel={() => !paying.busy && setDialog(null)}
        />
      )}
      {dialog?.kind === 'approval' && (
        <Fields
          title={t('till.approvalTitle')}
          extra={<Typography.Paragraph>{t('till.approvalFor', { permission: dialog.permission })}</Typography.Paragraph>}
          error={dialog.error}
          fields={[
            { key: 'username', label: t('till.approver') },
            { key: 'password', label: t('till.approverPassword'), password: true },
          ]}
          onCancel={dialog.onCancel}
          onOk={(v) =>
            void call<{ approvalToken: string; approverName: string }>('POST', '/api/pos/approvals', { username: v.username, password: v.password, permission: dialog.permission })
              .then((r) => dialog.onOk({ token: r.approvalToken, permission: dialog.permission, approver: r.approverName }))
              .catch((e) => setDialog({ ...dialog, error: errText(e) }))
          }
        />
      )}
      {dialog?.kind === 'refund' && (
        <RowInputs
          title={`${t('till.refundTitle')} ${dialog.sale.receiptNo}`}
          error={dialog.error}
          rows={dialog.sale.lines.filter((l) => !l.voided).map((l) => ({ ...l, key: String(l.lineNo) }))}
          columns={[
            { title: t('till.lineNo'), render: (l) => l.lineNo },
            { title: t('till.name'), render: (l) => l.productName },
            { title: t('till.sold'), render: (l) => l.quantity },
            { title: t('till.amount'), render: (l) => l.amount },
          ]}
          inputTitle={t('till.refundQty')}
          tail={{ label: t('till.reason') }}
          onCancel={() => setDialog(null)}
          onOk={(v, reason) => void refund(dialog.sale, v, reason)}
        />
      )}
      {dialog?.kind === 'handover' && (
        <RowInputs
          title={`${t('till.handoverTitle')} ${dialog.shift.shiftNo}`}
          error={dialog.error}
          rows={dialog.shift.tenders.map((x) => ({ ...x, key: x.paymentMethodId }))}
          columns={[
            { title: t('till.method'), render: (x) => x.methodName },
            { title: t('till.expected'), render: (x) => <span data-testid={`expected-${x.methodCode}`}>{x.expected}</span> },
          ]}
          inputTitle={t('till.counted')}
          onCancel={() => setDialog(null)}
          onOk={(v) => void handover(dialog.shift, v)}
        />
      )}
      {dialog?.kind === 'handed' && (
        <Picker
          title={t('till.handoverDone', { no: dialog.report.shiftNo, diff: dialog.report.differenceTotal })}
          hint={dialog.report.differenceTotal === '0.00' ? t('till.balanced') : `${t('till.difference')} ${dialog.report.differenceTotal}`}
          items={[...dialog.report.tenders]}
          render={(x) => (
            <span data-testid={`handed-${x.methodCode}`}>
              {x.methodName}: {t('till.expected')} {x.expected} / {t('till.counted')} {x.counted ?? '-'} / {t('till.difference')} {x.difference ?? '-'}
            </span>
          )}
          onPick={() => {
            setDialog(null);
            setShift(null);
          }}
          onCancel={() => {
            setDialog(null);
            setShift(null);
          }}
        />
      )}
      {dialog?.kind === 'issue' && (
        <Fields
          title={t('till.issueTitle')}
          error={dialog.error}
          fields={[
            { key: 'cardNo', label: t('till.cardNo'), initial: dialog.cardNo },
            { key: 'name', label: t('till.memberName') },
            { key: 'mobile', label: t('till.mobile') },
          ]}
          onCancel={() => setDialog(null)}
          onOk={(v) => void issue(v)}
        />
      )}
      {dialog?.kind === 'recall' && (
        <Picker
          title={t('till.recallTitle')}
          hint={held.length ? t('till.searchPick') : t('till.recallNone')}
          items={held}
          render={(b) => `${b.lines.length} × ${b.lines.map((l) => l.name).join('、')}`}
          onPick={(b) => {
            const rest = held.filter((x) => x.id !== b.id);
            localStorage.setItem(HELD_KEY, JSON.stringify(rest));
            setHeld(rest);
            setDialog(null);
            void change(b, basket);
          }}
          onCancel={() => setDialog(null)}
        />
      )}
      {topUp === 'top-up' && shift && (
        <TopUpDialog shiftId={shift.id} methods={methods} cardNo={basket.memberRef} onDone={(d) => void topUpDone(d)} onClose={() => setTopUp(null)} />
      )}
      {topUp === 'reverse' && shift && (
        <TopUpReverseDialog shiftId={shift.id} lastNo={lastTopUpNo} send={(fn) => withApproval(fn)} onDone={(d) => void topUpDone(d)} onClose={() => setTopUp(null)} />
      )}
      {topUp === 'gift-card' && shift && (
        <GiftCardSaleDialog
          shiftId={shift.id}
          methods={methods}
          onDone={(d) => void message.success(t('till.giftCard.done', { no: d.saleNo, card: d.cardNo, amount: d.amount }))}
          onClose={() => setTopUp(null)}
        />
      )}
      {topUp === 'balance' && <VoucherBalanceDialog onClose={() => setTopUp(null)} />}
      {locked && <LockScreen locker={locked} lines={basket.lines.length} onSignedIn={adopt} />}
      {receipt && <ReceiptPrint receipt={receipt} />}
      <span hidden data-testid="till-key-pay">
        {keyOf('pay-cash')}
      </span>
    </Layout>
  );
}
