import {
  type ApplyResult,
  type CheckRequest,
  type CheckResult,
  type ClaimResult,
  type IncarnationInfo,
  type HandshakeResult,
  type HelloResult,
  HQ_ROUTES,
  type LocalSyncState,
  type OutboxRecord,
  type PullPage,
  type PullRequest,
  type PushRequest,
  type PushResult,
  type ReconcileFinish,
  type ReconcilePage,
  type ReconcileRecord,
  type ReconcileRequest,
  type ReconcileSummary,
  SNAPSHOT_MAX_LIMIT,
  SNAPSHOT_STREAM_PROTOCOL,
  type SnapshotPage,
  type SnapshotPageHeader,
  type SnapshotRequest,
  snapshotRowCount,
  STORE_ROUTES,
  type StreamStatus,
  SUPPORTED_PROTOCOLS,
} from './transfer.contracts';
import { type HqPort, type StorePort, type StreamReport, TransferCallError } from './transfer.engine';
import { bodyText, signedHeaders } from './transfer.signing';
import { type HttpAnswer, httpCall } from '../common/http-client';

export interface SignedClientOptions {
  baseUrl: string;
  storeCode: string;
  key: Buffer;
  timeoutMs?: number;
  /** clock used for the signature timestamp (tests shift it to prove skew is refused) */
  now?: () => number;
}

/** A call answering bytes; a non-2xx answer becomes a TransferCallError with the answer's code. */
export function callBytes(baseUrl: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 120_000): Promise<Buffer> {
  return sendText(baseUrl, method, path, bodyText(body), headers, timeoutMs);
}

/** callBytes with the body already as text (a signed call serialises its body once, for the signature and the wire). */
async function sendText(baseUrl: string, method: string, path: string, text: string, headers: Record<string, string>, timeoutMs = 120_000): Promise<Buffer> {
  let res: HttpAnswer;
  try {
    // node:http, not fetch: fetch refuses "bad ports" such as 6000 outright (common/http-client.ts)
    res = await httpCall(baseUrl.replace(/\/+$/, '') + path, {
      method,
      headers: { ...(text ? { 'content-type': 'application/json' } : {}), ...headers },
      body: text || undefined,
      timeoutMs,
    });
  } catch (e) {
    throw new TransferCallError(502, 'TRANSFER_HQ_UNREACHABLE', `cannot reach ${baseUrl}: ${(e as Error)?.message} / 无法连接`);
  }
  const raw = res.body;
  if (res.status < 200 || res.status >= 300) {
    let parsed: unknown = undefined;
    try {
      parsed = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      /* a proxy's HTML error page */
    }
    const b = (parsed ?? {}) as { code?: string; message?: string; fields?: unknown; details?: unknown };
    const details = b.details && typeof b.details === 'object' && !Array.isArray(b.details) ? (b.details as Record<string, unknown>) : undefined;
    throw new TransferCallError(res.status, b.code ?? 'TRANSFER_HQ_ERROR', b.message ?? `HTTP ${res.status}`, b.fields, details);
  }
  return raw;
}

function parseJson<T>(answer: Buffer): T {
  const raw = answer.toString('utf8');
  try {
    return (raw ? JSON.parse(raw) : undefined) as T;
  } catch {
    return undefined as T; // a proxy's page on a 2xx: the caller finds the fields missing
  }
}

/** A JSON call; a non-2xx answer becomes a TransferCallError with the answer's code. */
export async function callJson<T>(baseUrl: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 120_000): Promise<T> {
  return parseJson<T>(await callBytes(baseUrl, method, path, body, headers, timeoutMs));
}

/**
 * Reads a protocol-2 snapshot page: a JSON header line, then `count` rows in COPY text format, one per line.
 * The rows stay the answer's bytes (no row is decoded or parsed here); a header or a row count that
 * does not match is refused, so a cut-off answer never applies as a short page.
 */
export function parseSnapshotStream(answer: Buffer | string): SnapshotPage {
  const raw = typeof answer === 'string' ? Buffer.from(answer, 'utf8') : answer;
  const bad = (why: string) => new TransferCallError(502, 'TRANSFER_HQ_ERROR', `bad snapshot page from HQ: ${why} / 总部快照数据格式错误`);
  const eol = raw.indexOf(10);
  let header: SnapshotPageHeader;
  try {
    header = JSON.parse(raw.subarray(0, eol < 0 ? raw.length : eol).toString('utf8')) as SnapshotPageHeader;
  } catch {
    throw bad('header is not JSON');
  }
  if (
    !header ||
    typeof header !== 'object' ||
    typeof header.stream !== 'string' ||
    !Number.isInteger(header.count) ||
    header.count < 0 ||
    !header.position ||
    !Array.isArray(header.streams) ||
    !Array.isArray(header.columns) ||
    !header.columns.every((c) => typeof c === 'string')
  ) {
    throw bad('header incomplete');
  }
  let rowsText = eol < 0 ? raw.subarray(raw.length) : raw.subarray(eol + 1);
  if (rowsText.length && rowsText[rowsText.length - 1] === 10) rowsText = rowsText.subarray(0, rowsText.length - 1);
  const page: SnapshotPage = {
    position: header.position,
    stream: header.stream,
    next: header.next ?? null,
    streams: header.streams,
    rows: [],
    rowsText,
    count: header.count,
    columns: header.columns,
  };
  const lines = snapshotRowCount(page);
  if (lines !== header.count) throw bad(`${lines} rows, header says ${header.count}`);
  return page;
}

/** Signs each call with the store key. */
export class SignedClient {
  constructor(readonly options: SignedClientOptions) {}

  call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const o = this.options;
    const text = bodyText(body);
    const headers = signedHeaders(o.key, o.storeCode, method, path, text, o.now?.() ?? Date.now());
    return sendText(o.baseUrl, method, path, text, headers, o.timeoutMs).then((answer) => parseJson<T>(answer));
  }

  /** A signed call written in `protocol`, answering the raw bytes. */
  callBytes(method: 'GET' | 'POST', path: string, body: unknown, protocol: number): Promise<Buffer> {
    const o = this.options;
    const text = bodyText(body);
    const headers = signedHeaders(o.key, o.storeCode, method, path, text, o.now?.() ?? Date.now(), protocol);
    return sendText(o.baseUrl, method, path, text, headers, o.timeoutMs);
  }
}

/** HQ's transfer API over HTTP: used by the store server's scheduled sync and by the CLI. */
export class HttpHqPort implements HqPort {
  private protocol: Promise<number> | null = null;

  /** `maxProtocol`: the newest protocol to use (1: JSON snapshot pages even from an HQ of protocol 2). */
  constructor(
    readonly client: SignedClient,
    readonly maxProtocol = Math.max(...SUPPORTED_PROTOCOLS),
  ) {}

  /** The newest protocol both ends speak, learned once from HQ's hello (an older HQ lists only 1). */
  negotiate(): Promise<number> {
    this.protocol ??= this.hello().then(
      (h) => Math.max(1, ...(h.supportedProtocols ?? [h.protocol]).filter((p) => SUPPORTED_PROTOCOLS.includes(p) && p <= this.maxProtocol)),
      (e: unknown) => {
        this.protocol = null;
        throw e;
      },
    );
    return this.protocol;
  }

  hello(): Promise<HelloResult> {
    return fetchHello(this.client.options.baseUrl, this.client.options.storeCode);
  }
  handshake(): Promise<HandshakeResult> {
    return this.client.call('POST', HQ_ROUTES.handshake, {});
  }
  pull(req: PullRequest): Promise<PullPage> {
    return this.client.call('POST', HQ_ROUTES.pull, req);
  }
  /**
   * A snapshot page: streamed (protocol 2: rows as one text, one per line) when HQ speaks it, else
   * the JSON page of protocol 1, whose pages hold at most SNAPSHOT_MAX_LIMIT rows.
   */
  async snapshot(req: SnapshotRequest): Promise<SnapshotPage> {
    if ((await this.negotiate()) >= SNAPSHOT_STREAM_PROTOCOL) {
      return parseSnapshotStream(await this.client.callBytes('POST', HQ_ROUTES.snapshotStream, req, SNAPSHOT_STREAM_PROTOCOL));
    }
    return this.client.call('POST', HQ_ROUTES.snapshot, { ...req, limit: Math.min(req.limit, SNAPSHOT_MAX_LIMIT) });
  }
  push(req: PushRequest): Promise<PushResult> {
    return this.client.call('POST', HQ_ROUTES.push, req);
  }
  check(req: CheckRequest): Promise<CheckResult> {
    return this.client.call('POST', HQ_ROUTES.check, req);
  }
  reconcile(req: ReconcileRequest): Promise<ReconcilePage> {
    return this.client.call('POST', HQ_ROUTES.reconcile, req);
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
    // the rows travel inside the JSON body as a string
    const body = Buffer.isBuffer(page.rowsText) ? { ...page, rowsText: page.rowsText.toString('utf8') } : page;
    return this.client.call('POST', STORE_ROUTES.applySnapshot, body);
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
  async restoreBegin(origin: 'detected'): Promise<void> {
    await this.client.call('POST', STORE_ROUTES.restoreBegin, { origin });
  }
  restoreApply(records: ReconcileRecord[]): Promise<{ taken: number; skipped: number }> {
    return this.client.call('POST', STORE_ROUTES.restoreApply, { records });
  }
  restoreFinish(finish: ReconcileFinish): Promise<ReconcileSummary> {
    return this.client.call('POST', STORE_ROUTES.restoreFinish, finish);
  }
  hqChanged(change: { incarnation: IncarnationInfo | null; recover: boolean }): Promise<{ requeued: number }> {
    return this.client.call('POST', STORE_ROUTES.hqChanged, change);
  }
}
