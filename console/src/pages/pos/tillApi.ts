import type { ApiErrorBody } from '@chain-erp/api-client';
import { ApiError, notifyUnauthorized, tokenStore } from '../../lib/api';

/**
 * The till's calls to its own store server. A manager's approval (授权) rides along in
 * `X-Pos-Approval`; a network failure is a `NetworkError` (the till retries with the same ids).
 */
export class NetworkError extends Error {}

export async function call<T>(method: string, path: string, body?: unknown, approval?: string | null): Promise<T> {
  const headers: Record<string, string> = {};
  const token = tokenStore.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (approval) headers['X-Pos-Approval'] = approval;
  let res: Response;
  try {
    res = await fetch(window.location.origin + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new NetworkError((e as Error).message);
  }
  const text = await res.text();
  if (!res.ok) {
    let err: ApiErrorBody;
    try {
      err = JSON.parse(text) as ApiErrorBody;
    } catch {
      err = { statusCode: res.status, code: `HTTP_${res.status}`, message: text || res.statusText };
    }
    if (res.status === 401) notifyUnauthorized();
    throw new ApiError(res.status, err);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Which manager permission (授权) a refusal asks for; null when an approval would not help. */
export function approvalFor(e: unknown): string | null {
  if (!(e instanceof ApiError) || e.status !== 403) return null;
  const byCode: Record<string, string> = {
    POS_VOID_NOT_ALLOWED: 'pos.void-line',
    POS_DISCOUNT_BEYOND_LIMIT: 'pos.discount.override',
    POS_DISCOUNT_NOT_ALLOWED: 'pos.discount.override',
    POS_PRICE_OVERRIDE_NOT_ALLOWED: 'pos.price.override',
    POS_REFUND_NO_RECEIPT_FORBIDDEN: 'pos.refund.no-receipt',
  };
  if (byCode[e.code]) return byCode[e.code];
  if (e.code === 'PERMISSION_DENIED') {
    const p = (e.body as { details?: { permission?: string[] } }).details?.permission;
    if (p?.length) return p.find((x) => x !== 'pos.journal.read') ?? p[0];
    if (/pos\.reprint/.test(e.message)) return 'pos.reprint';
  }
  return null;
}

export interface LookupItem {
  productId: string;
  code: string;
  name: string;
  weighed: boolean;
  retailPrice: string;
  memberPrice: string | null;
  onHand: string;
  barcode: string | null;
  embedded: { kind: 'weight' | 'price'; value: string } | null;
}

export interface PaymentMethod {
  id: string;
  code: string;
  name: string;
  type: string;
  allowsChange: boolean;
  requiresMemberCard: boolean;
  /** 代金券 / 礼品卡: the tender carries the number (`reference`) */
  requiresNumber?: boolean;
}

export interface Shift {
  id: string;
  shiftNo: string;
  tillCode: string;
  status: string;
  /** whose shift it is: a manager who took the till over hands another cashier's shift over first */
  cashierId?: string;
  cashierName?: string;
  tenders: Array<{
    paymentMethodId: string;
    methodCode: string;
    methodName: string;
    methodType: string;
    float: string;
    sales: string;
    refunds: string;
    topUps?: string;
    expected: string;
    counted?: string | null;
    difference?: string | null;
  }>;
  expectedTotal?: string;
  countedTotal?: string;
  differenceTotal?: string;
}

export interface QuoteLine {
  lineNo: number;
  productCode: string;
  productName: string;
  quantity: string;
  listPrice: string;
  unitPrice: string;
  priceSource: string;
  promotionDiscount: string;
  promotions: Array<{ name: string; saving: string }> | null;
  lineDiscount: string;
  saleDiscount: string;
  amount: string;
  voided: boolean;
}

export interface Quote {
  member: { cardNo: string; scope: string; storedValueAllowed: boolean } | null;
  lines: QuoteLine[];
  grossAmount: string;
  promotionDiscount: string;
  discountAmount: string;
  roundingAmount: string;
  totalAmount: string;
}

export interface SaleDoc extends Quote {
  id: string;
  receiptNo: string;
  paidAmount: string;
  changeAmount: string;
  payments: Array<{ methodCode: string; methodName: string; amount: string; tendered: string; changeAmount: string }>;
}

export interface ReceiptJson {
  title: string;
  header: string[];
  meta: Array<{ label: string; value: string }>;
  lines: Array<{
    name: string;
    quantity: string;
    unitPrice: string;
    amount: string;
    discount: string | null;
    voided: boolean;
    promotions?: Array<{ name: string; saving: string }>;
  }>;
  totals: Array<{ label: string; value: string }>;
  payments: Array<{ label: string; value: string }>;
  footer: string[];
  reprint: boolean;
  width: number;
  text: string;
}
