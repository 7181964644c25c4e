import { createHqClient, type ApiErrorBody } from '@chain-erp/api-client';
import type { Middleware } from 'openapi-fetch';

/**
 * The typed client of the server that served this page (HQ or a store: same origin, /api). The
 * bearer token lives in localStorage so a new tab stays signed in; a 401 ends the session.
 */
const TOKEN_KEY = 'chain-erp.token';

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

let onUnauthorized: () => void = () => undefined;
/** The auth provider says what a 401 does (back to the login page). */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

/** A failed call: the server's stable code, its message ('english / 中文') and the fields at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }
  get code(): string {
    return this.body.code;
  }
  get fields(): { field: string; message: string }[] {
    return this.body.fields ?? [];
  }
}

/** Ends the session as a 401 does (for calls made without the typed client, e.g. the till's). */
export function notifyUnauthorized(): void {
  onUnauthorized();
}

/**
 * Whether a 401 to this request means the session is over: only when it carried the session's token,
 * and not from the login page (a wrong password) or the store's setup wizard (a wrong transfer
 * password is a 401 too — ending a session there cleared the wizard's state and sent the clerk to
 * the login page with what they typed gone).
 */
function endsSession(request: Request): boolean {
  const path = new URL(request.url).pathname;
  return request.headers.has('Authorization') && !path.endsWith('/auth/login') && !path.startsWith('/api/setup');
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = tokenStore.get();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ request, response }) {
    if (response.ok) return response;
    const text = await response.clone().text();
    let body: ApiErrorBody;
    try {
      body = JSON.parse(text) as ApiErrorBody;
    } catch {
      body = { statusCode: response.status, code: `HTTP_${response.status}`, message: text || response.statusText };
    }
    if (response.status === 401 && endsSession(request)) onUnauthorized();
    throw new ApiError(response.status, body);
  },
};

export const api = createHqClient({ baseUrl: window.location.origin });
api.use(auth);

/** The bearer token and error handling, for other clients of this server (the store's: storeApi.ts). */
export const authMiddleware: Middleware = auth;

/** `data` of a call that succeeded (errors were thrown by the middleware). */
export function ok<D>(result: { data?: D; error?: unknown }): D;
/** A screen that keeps its own row type (literal unions where the contract says string) names it. */
export function ok<T>(result: { data?: unknown; error?: unknown }): T;
export function ok<T>(result: { data?: unknown; error?: unknown }): T {
  return result.data as T;
}

/** Downloads a file answer (e.g. an Excel export) with the bearer token, under the server's name. */
export async function download(path: string, query: Record<string, unknown>, fallbackName: string): Promise<void> {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  const token = tokenStore.get();
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({ statusCode: res.status, code: `HTTP_${res.status}`, message: res.statusText }))) as ApiErrorBody;
    if (res.status === 401 && token) onUnauthorized();
    throw new ApiError(res.status, body);
  }
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
