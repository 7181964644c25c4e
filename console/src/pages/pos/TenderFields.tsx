import { Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { PaymentMethod } from './tillApi';

/**
 * The one money tender of a till dialog that sells value (充值, 售礼品卡): the methods that may pay
 * for value (not stored value, not a member card's, not a numbered voucher or gift card), the
 * chosen one (cash first), ↑↓ in any field of the dialog to choose, and what is sent as tendered.
 */
export function useMoneyTender(methods: PaymentMethod[]) {
  const usable = methods.filter((m) => !m.requiresMemberCard && m.type !== 'stored_value' && !m.requiresNumber);
  const [sel, setSel] = useState(
    Math.max(
      0,
      usable.findIndex((m) => m.type === 'cash'),
    ),
  );
  const method = usable[sel] as PaymentMethod | undefined;
  return { usable, sel, setSel, method, arrows: methodArrows(usable.length, setSel) };
}

const cents = (s: string) => Math.round(Number(s) * 100);

/**
 * What the dialog sends for `amount` paid with `method`: cash may be tendered above it (change),
 * other methods pay it exactly (nothing sent); `short` when the cash typed is below the amount.
 */
export function moneyTendered(method: PaymentMethod, tendered: string, amount: string): { tendered?: string } | 'short' {
  const cash = method.allowsChange && tendered ? Number(tendered).toFixed(2) : undefined;
  if (cash && cents(cash) < cents(amount)) return 'short';
  return cash ? { tendered: cash } : {};
}

/** ↑↓ in any field of a dialog that sells value choose its one money tender (`sel` of `count`). */
export function methodArrows(count: number, setSel: (f: (x: number) => number) => void) {
  return (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setSel((x) => Math.min(count - 1, x + 1));
    else if (e.key === 'ArrowUp') setSel((x) => Math.max(0, x - 1));
    else return;
    e.preventDefault();
  };
}

/** The money tenders of such a dialog under their hint, the chosen one marked (a click chooses too). */
export function TenderMethods(props: { testId: string; hint: string; methods: PaymentMethod[]; sel: number; onSelect: (k: number) => void }) {
  return (
    <>
      <Typography.Text type="secondary">{props.hint}</Typography.Text>
      <div data-testid={props.testId} style={{ marginTop: 4 }}>
        {props.methods.map((m, k) => (
          <div
            key={m.id}
            data-selected={k === props.sel}
            onClick={() => props.onSelect(k)}
            style={{ padding: '4px 8px', cursor: 'pointer', background: k === props.sel ? '#e6f4ff' : undefined }}
          >
            {m.name}
          </div>
        ))}
      </div>
    </>
  );
}

/** A box that takes the focus and answers Enter (the done view of a dialog). */
export function DoneBox(props: { children: React.ReactNode; onEnter: () => void; testId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      ref={ref}
      tabIndex={0}
      data-testid={props.testId}
      style={{ outline: 'none' }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          props.onEnter();
        }
      }}
    >
      {props.children}
    </div>
  );
}
