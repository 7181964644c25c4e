import type { Quote, SaleDoc } from './tillApi';

/**
 * 客显 (customer display): the till shows the customer its basket on a second window of the same
 * browser (`/pos/display`, e.g. on a second screen facing the customer), over a BroadcastChannel per
 * till number. The till sends what it shows after every change; a display opened later asks for it.
 * Nothing goes through a server. 外设设置 (`peripherals.customerDisplay.enabled`) switches it on.
 */
export interface DisplayLine {
  name: string;
  quantity: string;
  /** null while the store server has not priced the line (待定价) */
  amount: string | null;
  voided: boolean;
}

export type DisplayState = { off: true } | { off: false; lines: DisplayLine[]; total: string | null; paid: string | null; change: string | null };

const channelOf = (till: string) => new BroadcastChannel(`chain-erp.till.display.${till}`);

/** What the customer sees: the basket as priced, else the sale just made (paid, change), else nothing. */
export function displayOf(
  basket: { lines: Array<{ name: string; quantity?: string; voided?: boolean }> },
  quote: Quote | null,
  pricePending: boolean,
  last: SaleDoc | null,
): DisplayState {
  if (basket.lines.length)
    return {
      off: false,
      lines: basket.lines.map((l, i) => ({
        name: l.name,
        quantity: quote?.lines[i]?.quantity ?? l.quantity ?? '1',
        amount: pricePending ? null : (quote?.lines[i]?.amount ?? null),
        voided: !!l.voided,
      })),
      total: pricePending ? null : (quote?.totalAmount ?? null),
      paid: null,
      change: null,
    };
  if (last)
    return {
      off: false,
      lines: last.lines.map((l) => ({ name: l.productName, quantity: l.quantity, amount: l.amount, voided: l.voided })),
      total: last.totalAmount,
      paid: last.paidAmount,
      change: last.changeAmount,
    };
  return { off: false, lines: [], total: null, paid: null, change: null };
}

/** The till's end: `send` after each change; a display that opens asks (`hello`) and gets the last state. */
export function tillDisplay(till: string): { send: (s: DisplayState) => void; close: () => void } {
  const channel = channelOf(till);
  let last: DisplayState = { off: true };
  channel.onmessage = (e: MessageEvent<{ hello?: boolean }>) => {
    if (e.data?.hello) channel.postMessage({ state: last });
  };
  return {
    send: (s) => {
      last = s;
      channel.postMessage({ state: s });
    },
    close: () => channel.close(),
  };
}

/** The display's end: every state the till sends; asks for the current one at once. */
export function watchTill(till: string, onState: (s: DisplayState) => void): () => void {
  const channel = channelOf(till);
  channel.onmessage = (e: MessageEvent<{ state?: DisplayState }>) => {
    if (e.data?.state) onState(e.data.state);
  };
  channel.postMessage({ hello: true });
  return () => channel.close();
}
