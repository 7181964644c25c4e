/**
 * 键盘设置: the till's keys. The store's keyboard settings (`GET /api/pos/settings` → keyboard.shortcuts,
 * edited on the 键盘设置 screen) win; an action the settings give no key keeps its default here.
 * This module is the one place the till reads keys from.
 */
export type TillAction =
  | 'search'
  | 'quantity'
  | 'price-override'
  | 'line-discount'
  | 'sale-discount'
  | 'void-line'
  | 'void-sale'
  | 'member'
  | 'issue-card'
  | 'suspend'
  | 'resume'
  | 'pay-cash'
  | 'pay-card'
  | 'pay-mobile'
  | 'reprint'
  | 'open-drawer'
  | 'refund'
  | 'handover'
  | 'lock'
  | 'top-up'
  | 'top-up-reverse'
  | 'gift-card-sale'
  | 'voucher-balance';

/** `action`: a TillAction, or an action a newer 键盘设置 knows and this till does not (shown, not run). */
export interface Shortcut {
  key: string;
  action: string;
}

/** The server's built-in keys (pos-settings.service DEFAULT_POS_SETTINGS), then keys for the actions it leaves without one. */
export const DEFAULT_SHORTCUTS: Shortcut[] = [
  { key: 'F1', action: 'search' },
  { key: 'F2', action: 'quantity' },
  { key: 'F3', action: 'member' },
  { key: 'F4', action: 'line-discount' },
  { key: 'F5', action: 'sale-discount' },
  { key: 'F6', action: 'void-line' },
  { key: 'F7', action: 'price-override' },
  { key: 'F8', action: 'suspend' },
  { key: 'Shift+F8', action: 'resume' },
  { key: 'F9', action: 'reprint' },
  { key: 'F10', action: 'refund' },
  { key: 'F11', action: 'open-drawer' },
  { key: 'F12', action: 'pay-cash' },
  { key: 'Ctrl+K', action: 'issue-card' },
  { key: 'Ctrl+D', action: 'void-sale' },
  { key: 'Ctrl+H', action: 'handover' },
  { key: 'Ctrl+L', action: 'lock' },
  { key: 'Shift+F3', action: 'top-up' },
  { key: 'Ctrl+F3', action: 'top-up-reverse' },
  { key: 'Shift+F4', action: 'gift-card-sale' },
  { key: 'Shift+F5', action: 'voucher-balance' },
];

/** The keys in force: the settings' own, plus defaults for actions (and keys) they leave free. */
export function effectiveShortcuts(fromSettings: Shortcut[] | undefined): Shortcut[] {
  const own = fromSettings ?? [];
  const taken = new Set(own.map((s) => s.key));
  const done = new Set(own.map((s) => s.action));
  return [...own, ...DEFAULT_SHORTCUTS.filter((d) => !done.has(d.action) && !taken.has(d.key))];
}

const NAMED: Record<string, string> = { Escape: 'Esc', ' ': 'Space', '+': 'Plus', '-': 'Minus', '*': 'Multiply', '/': 'Divide' };

/** A key event in the settings' notation: `F2`, `Ctrl+L`, `Shift+F8`. */
export function keyName(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'shiftKey'>): string {
  let k = NAMED[e.key] ?? e.key;
  if (k.length === 1) k = k.toUpperCase();
  const mods = [e.ctrlKey && 'Ctrl', e.altKey && 'Alt', e.shiftKey && k.length > 1 && 'Shift'].filter(Boolean);
  return [...mods, k].join('+');
}

export function actionOf(shortcuts: Shortcut[], e: KeyboardEvent): string | null {
  const name = keyName(e);
  return shortcuts.find((s) => s.key === name)?.action ?? null;
}
