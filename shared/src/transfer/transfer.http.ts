import { ClaimResult, HandshakeResult, HelloResult, HQ_ROUTES, LocalSyncState, OutboxRecord, PullPage, PullRequest, PushRequest, PushResult, SnapshotPage, SnapshotRequest, STORE_ROUTES, StreamStatus, ApplyResult } from './transfer.contracts';
import { HqPort, StorePort, StreamReport, TransferCallError } from './transfer.engine';
import { bodyText, signedHeaders } from './transfer.signing';

export interface SignedClientOptions {
  baseUrl: string;
  storeCode: string;
  key: Buffer;
  timeoutMs?: number;
  /** clock used for the signature timestamp (tests shift it to prove skew is refused) */
  now?: () => number;
}

/** A JSON call; a non-2xx answer becomes a TransferCallError with the answer's code. */
export function callJson<T>(baseUrl: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 120_000): Promise<T> {
  return callText<T>(baseUrl, method, path, bodyText(body), headers, timeoutMs);
}

/** callJson with the body already as text (a signed call serialises its body once, for the signature and the wire). */
async function callText<T>(baseUrl: string, method: string, path: string, text: string, headers: Record<string, string>, timeoutMs = 120_000): Promise<T> {
  let res: Response;
  try {
    res = await fetch(baseUrl.replace(/\/+$/, '') + path, {
      method,
      headers: { ...(text ? { 'content-type': 'application/json' } : {}), ...headers },
      body: text || undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new TransferCallError(502, 'TRANSFER_HQ_UNREACHABLE', `cannot reach ${baseUrl}: ${(e as Error)?.cause ?? (e as Error)?.message} / 无法连接`);
  }
  const raw = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = raw ? JSON.parse(raw) : undefined;
  } catch {
    /* a proxy's HTML error page */
  }
  if (!res.ok) {
    const b = (parsed ?? {}) as { code?: string; message?: string; fields?: unknown };
    throw new TransferCallError(res.status, b.code ?? 'TRANSFER_HQ_ERROR', b.message ?? `HTTP ${res.status}`, b.fields);
  }
  return parsed as T;
}

/** Signs each call with the store key. */
export class SignedClient {
  constructor(readonly options: SignedClientOptions) {}

  call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const o = this.options;
    const text = bodyText(body);
    const headers = signedHeaders(o.key, o.storeCode, method, path, text, o.now?.() ?? Date.now());
    return callText<T>(o.baseUrl, method, path, text, headers, o.timeoutMs);
  }
}

/** HQ's transfer API over HTTP: used by the store server's scheduled sync and by the CLI. */
export class HttpHqPort implements HqPort {
  constructor(readonly client: SignedClient) {}

  hello(): Promise<HelloResult> {
    return fetchHello(this.client.options.baseUrl, this.client.options.storeCode);
  }
  handshake(): Promise<HandshakeResult> {
    return this.client.call('POST', HQ_ROUTES.handshake, {});
  }
  pull(req: PullRequest): Promise<PullPage> {
    return this.client.call('POST', HQ_ROUTES.pull, req);
  }
  snapshot(req: SnapshotRequest): Promise<SnapshotPage> {
    return this.client.call('POST', HQ_ROUTES.snapshot, req);
  }
  push(req: PushRequest): Promise<PushResult> {
    return this.client.call('POST', HQ_ROUTES.push, req);
  }
}

export function fetchHello(hqUrl: string, storeCode: string): Promise<HelloResult> {
  return callJson<HelloResult>(hqUrl, 'GET', `${HQ_ROUTES.hello}/${encodeURIComponent(storeCode)}`, undefined);
}

export function claimSetupCode(hqUrl: string, storeCode: string, tokenId: string): Promise<ClaimResult> {
  return callJson<ClaimResult>(hqUrl, 'POST', HQ_ROUTES.claim, { storeCode, tokenId });
}

/** The store server's local transfer API (signed with the same store key): the CLI's store port. */
export class HttpStorePort implements StorePort {
  constructor(readonly client: SignedClient) {}

  state(): Promise<LocalSyncState> {
    return this.client.call('GET', STORE_ROUTES.state);
  }
  applyPage(page: Extract<PullPage, { kind: 'changes' }>): Promise<ApplyResult> {
    return this.client.call('POST', STORE_ROUTES.apply, page);
  }
  applySnapshotPage(page: SnapshotPage): Promise<ApplyResult> {
    return this.client.call('POST', STORE_ROUTES.applySnapshot, page);
  }
  async outbox(stream: string, limit: number, after?: string): Promise<OutboxRecord[]> {
    return (await this.client.call<{ items: OutboxRecord[] }>('POST', STORE_ROUTES.outbox, after === undefined ? { stream, limit } : { stream, limit, after })).items;
  }
  async acknowledge(stream: string, results: PushResult['results']): Promise<void> {
    await this.client.call('POST', STORE_ROUTES.acks, { stream, results });
  }
  async report(reports: StreamReport[]): Promise<void> {
    await this.client.call('POST', STORE_ROUTES.report, { reports });
  }
  async status(): Promise<StreamStatus[]> {
    return (await this.client.call<{ streams: StreamStatus[] }>('GET', STORE_ROUTES.status)).streams;
  }
}
