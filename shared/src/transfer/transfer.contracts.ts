/**
 * Wire types of the transfer protocol. HQ and stores of different releases talk through these only;
 * a change that an older peer cannot read bumps PROTOCOL_VERSION. A request names the protocol it is
 * written in (header `x-transfer-protocol`): protocol 2 adds only the streamed snapshot route
 * (`HQ_ROUTES.snapshotStream`); every other request is protocol 1, which every HQ understands. A store
 * learns what its HQ speaks from `hello.supportedProtocols` before it asks for a streamed snapshot.
 */
export const PROTOCOL_VERSION = 2;
export const SUPPORTED_PROTOCOLS = [1, 2];
/** The protocol of every request but the streamed snapshot (every HQ speaks it). */
export const BASE_PROTOCOL = 1;
/** The first protocol with the streamed snapshot route. */
export const SNAPSHOT_STREAM_PROTOCOL = 2;
/** Most rows a protocol-1 snapshot page may ask for (HQ's DTO); protocol 2 allows SNAPSHOT_STREAM_MAX_LIMIT. */
export const SNAPSHOT_MAX_LIMIT = 5000;
export const SNAPSHOT_STREAM_MAX_LIMIT = 20_000;

/** Transfer API routes at HQ (signed unless noted) and at the store (the CLI's local port). */
export const HQ_ROUTES = {
  hello: '/api/transfer/v1/hello', // unsigned: salt and protocol of a store code
  claim: '/api/transfer/v1/setup-claim', // unsigned: setup code → wrapped key
  handshake: '/api/transfer/v1/handshake',
  pull: '/api/transfer/v1/pull',
  snapshot: '/api/transfer/v1/snapshot',
  /** protocol 2: a snapshot page as one JSON header line, then one row (JSON text) per line */
  snapshotStream: '/api/transfer/v2/snapshot',
  push: '/api/transfer/v1/push',
  /** at the start of every run: HQ's incarnation, and whether the store or HQ went back in time (docs/backup.md) */
  check: '/api/transfer/v1/check',
  /** a restored store's reconciliation: the records HQ holds of it, the number high-water marks */
  reconcile: '/api/transfer/v1/reconcile',
} as const;

export const STORE_ROUTES = {
  info: '/api/transfer/local/info', // unsigned: HQ address and store code, nothing secret
  state: '/api/transfer/local/state',
  apply: '/api/transfer/local/apply',
  applySnapshot: '/api/transfer/local/apply-snapshot',
  outbox: '/api/transfer/local/outbox',
  acks: '/api/transfer/local/acks',
  report: '/api/transfer/local/report',
  status: '/api/transfer/local/status',
  restoreBegin: '/api/transfer/local/restore/begin',
  restoreApply: '/api/transfer/local/restore/apply',
  restoreFinish: '/api/transfer/local/restore/finish',
  hqChanged: '/api/transfer/local/hq-changed',
} as const;

export const HEADERS = {
  store: 'x-transfer-store',
  timestamp: 'x-transfer-timestamp',
  nonce: 'x-transfer-nonce',
  signature: 'x-transfer-signature',
  protocol: 'x-transfer-protocol',
} as const;

/** A position in HQ's change feed: `<xid>:<seq>`; null before the first snapshot. */
export type Cursor = string;

export function parseCursor(c: Cursor): { xid: string; seq: string } {
  const m = /^(\d{1,20}):(\d{1,20})$/.exec(c);
  if (!m) throw new Error(`bad cursor ${c}`);
  return { xid: m[1], seq: m[2] };
}

export function isCursor(c: unknown): c is Cursor {
  return typeof c === 'string' && /^\d{1,20}:\d{1,20}$/.test(c);
}

/** Orders two cursors (numeric on both parts). */
export function compareCursors(a: Cursor, b: Cursor): number {
  const x = parseCursor(a);
  const y = parseCursor(b);
  const d = BigInt(x.xid) - BigInt(y.xid);
  if (d !== 0n) return d < 0n ? -1 : 1;
  const e = BigInt(x.seq) - BigInt(y.seq);
  return e === 0n ? 0 : e < 0n ? -1 : 1;
}

export interface HelloResult {
  storeCode: string;
  salt: string;
  kdf: KdfParams;
  protocol: number;
  supportedProtocols: number[];
}

export interface KdfParams {
  algorithm: 'scrypt';
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

export interface HandshakeResult {
  storeId: string;
  storeCode: string;
  storeName: string;
  warehouses: Array<{ id: string; code: string; name: string; kind: string }>;
  scopeVersion: number;
  protocol: number;
  /** set while the store signs with a key that is being rotated out */
  keyExpiresAt: string | null;
}

export interface ClaimResult {
  storeCode: string;
  salt: string;
  /** the store key, AES-256-GCM encrypted with a key derived from the setup token */
  wrappedKey: string;
}

export interface PullRequest {
  cursor: Cursor | null;
  limit: number;
  scopeVersion: number | null;
  /** store → HQ backlog, reported for HQ's health list */
  outboxBacklog?: number;
  lastError?: string | null;
}

/** Rows of one stream in a page: full current rows to upsert, and keys to remove or hide. */
export interface ChangeSet {
  stream: string;
  /** each row as JSON text, exactly as HQ's database wrote it (numerics stay exact, nothing is re-parsed) */
  upserts: string[];
  removes: string[];
}

/** `hq-restored`: the store's cursor is ahead of HQ's change feed (HQ's database went back in time) */
export type SnapshotReason = 'new-store' | 'scope-changed' | 'too-far-behind' | 'cursor-regressed' | 'hq-restored';

export type PullPage =
  | { kind: 'changes'; from: Cursor; cursor: Cursor; hasMore: boolean; scopeVersion: number; changes: ChangeSet[] }
  | { kind: 'snapshot-required'; reason: SnapshotReason; scopeVersion: number };

export interface SnapshotPosition {
  /** where pulling continues once the snapshot is complete */
  cursor: Cursor;
  scopeVersion: number;
  streamIndex: number;
  afterKey: string | null;
}

export interface SnapshotRequest {
  position: SnapshotPosition | null;
  limit: number;
}

export interface SnapshotPage {
  /** the position this page was read from (the store checks it against its own) */
  position: SnapshotPosition;
  stream: string;
  /** rows as JSON text, like ChangeSet.upserts (empty when `rowsText` carries them) */
  rows: string[];
  /**
   * protocol 2: the rows in PostgreSQL's COPY text format, one line each (tab-separated, `\N` for
   * NULL, backslash escapes: never a raw newline inside a line): the `columns`, in order.
   * Written by HQ's database (`COPY … TO STDOUT`), read by the store's (`COPY … FROM STDIN`); no row
   * is parsed in JS. UTF-8 bytes as read from HQ, or a string once it has travelled inside JSON (the
   * CLI's call to the store's local route).
   */
  rowsText?: string | Buffer;
  /** protocol 2: the columns of each line after the key, in order (HQ's names) */
  columns?: string[];
  /** protocol 2: how many lines `rowsText` holds (checked by the store) */
  count?: number;
  /** null when this was the last page */
  next: SnapshotPosition | null;
  /** streams in the snapshot, to know what to sweep afterwards */
  streams: string[];
}

/** The header line of a protocol-2 snapshot page: the page without its rows, with their count and columns. */
export type SnapshotPageHeader = Omit<SnapshotPage, 'rows' | 'rowsText'> & { count: number; columns: string[] };

/** How many rows a snapshot page carries (lines of `rowsText`, counted without splitting or decoding it). */
export function snapshotRowCount(page: SnapshotPage): number {
  const t = page.rowsText;
  if (t === undefined) return page.rows.length;
  if (t.length === 0) return 0;
  let n = 1;
  if (typeof t === 'string') for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) n++;
  else for (let i = t.indexOf(10); i >= 0; i = t.indexOf(10, i + 1)) n++;
  return n;
}

export interface PushRecord {
  id: string;
  stream: string;
  body: Record<string, unknown>;
  /**
   * The record's position in the store's outbox (bigint as text). HQ keeps the highest it received:
   * a store whose outbox is behind it has lost records HQ holds (restored or reinstalled), and must
   * reconcile before it pushes again (docs/backup.md).
   */
  seq?: string;
}

export interface PushRequest {
  records: PushRecord[];
}

/** The most records HQ takes in one push (the store's default batch; a batch is also capped at 2 MB of bodies). */
export const PUSH_MAX_RECORDS = 5000;

/**
 * `conflict`: the id was received before with another body (a document changed after a restore, a
 * shift handed over twice): HQ keeps the first, records this one as a refused record that staff see
 * and resolve in 门店传输管理 (discard, or supersede while the first is not applied), and the store's
 * stream goes on.
 */
export type PushOutcome = 'stored' | 'duplicate' | 'conflict';

export interface PushResult {
  results: Array<{ id: string; outcome: PushOutcome; receivedAt: string }>;
}

/** The typed outcome of applying a page at the store (never an exception for expected cases). */
export type ApplyResult =
  { outcome: 'applied'; rows: number; skipped: number; removed: number; cursor: Cursor } | { outcome: 'stale'; expected: Cursor | null; actual: Cursor | null };

/** One life of a database: a new one starts when `npm run restore` puts a backup in place. */
export interface IncarnationInfo {
  id: string;
  /** `created` (migrated fresh), `restored` (by the restore tool), `detected` (HQ found the store behind) */
  origin: string;
  /** when the backup restored was taken (null unless restored) */
  backupCreatedAt: string | null;
  createdAt: string;
}

export interface CheckRequest {
  /** the store database's incarnation */
  incarnationId: string | null;
  /** the store's outbox position: the last seq it has given a record */
  outboxSeq: string | null;
  cursor: Cursor | null;
}

export interface CheckResult {
  hqIncarnation: IncarnationInfo | null;
  /** HQ holds records of this store beyond the store's outbox: the store lost them (restore), reconcile first */
  storeBehind: boolean;
  /** the store's cursor is ahead of HQ's change feed: HQ lost changes (HQ restored) */
  hqBehind: boolean;
}

export interface ReconcileRequest {
  /** only records HQ received from this time on (the backup's time less a day); null: all */
  since: string | null;
  /** the page position of the previous answer's `next` */
  after: string | null;
  limit: number;
}

/** The highest number HQ holds in one series of the store's documents. */
export interface NumberMark {
  series: string;
  last: number;
}

export interface ReconcileRecord {
  id: string;
  stream: string;
  seq: string | null;
  body: Record<string, unknown>;
}

export interface ReconcilePage {
  /** the store's records HQ holds in the take-back streams (sales, refunds, shift reports), in arrival order */
  records: ReconcileRecord[];
  next: string | null;
  /** first page only: per series, the highest document number HQ holds of this store */
  highWater?: NumberMark[];
  /** first page only: the highest outbox position HQ received from this store */
  maxSeq?: string | null;
}

export interface ReconcileFinish {
  highWater: NumberMark[];
  maxSeq: string | null;
}

/** What a reconciliation did at the store (kept with its incarnation, shown in sync status). */
export interface ReconcileSummary {
  incarnationId: string;
  origin: string;
  taken: Record<string, number>;
  shiftsClosed: number;
  shiftsRecovered: number;
  numbersRaised: number;
  reconciledAt: string;
}

export interface LocalSyncState {
  initialised: boolean;
  storeCode: string | null;
  hqUrl: string | null;
  cursor: Cursor | null;
  scopeVersion: number | null;
  snapshot: SnapshotPosition | null;
  outboxBacklog: number;
  /** the store database's current incarnation; `pending`: restored and not yet reconciled with HQ */
  incarnation?: (IncarnationInfo & { pending: boolean }) | null;
  /** the last seq the outbox gave a record (bigint as text) */
  outboxSeq?: string | null;
  /** HQ's incarnation as this store last saw it */
  hqIncarnation?: string | null;
}

export interface OutboxRecord extends PushRecord {
  createdAt: string;
  /** the outbox position (bigint as text): the engine reads the next window after it */
  seq?: string;
}

export interface StreamStatus {
  stream: string;
  direction: 'pull' | 'push';
  cursor: Cursor | null;
  backlog: number;
  lastContactAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  blockedRecordId: string | null;
  rowsApplied: number;
  /** HQ refused this store's address until then after failed signatures (null: not locked) */
  lockedUntil: string | null;
  /** push streams: records HQ answered `conflict` (an id it had with another body; resolved at HQ's 门店传输管理) */
  conflicts?: number;
}
