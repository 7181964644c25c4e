import { type ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DomainException } from '../common/errors';
import { type ByteSource } from '../storage/byte-source';
import { ExcelError } from './excel.errors';
import { type ImportLimits } from './import-limits';
import { type SheetBatch, type SheetBatchOptions, sheetBatches } from './sheet-batches';
import { readSheetRows, type SheetEncoding, type SheetFormat } from './sheet-reader';

/**
 * Import files in worker threads (docs/catalog.md "Scale"): the plumbing every import worker shares
 * — its heap capped by `resourceLimits`, so its garbage and collections never pause HQ's event
 * loop; the stored file read through the main thread (the storage port stays where it is) — and
 * `parseSheetInWorker`, the read and parse alone, batches of typed rows posted back, one parsed
 * ahead of the one its caller is using. The catalog import runs whole in such a worker
 * (catalog-import-run.ts).
 */
export interface SheetParseOptions extends Omit<SheetBatchOptions, 'deadline'> {
  format: SheetFormat;
  encoding?: SheetEncoding;
  delimiter?: ',' | '\t';
  limits: ImportLimits;
  deadline: number;
  /** the worker's old-generation heap (IMPORT_WORKER_HEAP_MB) */
  heapMb: number;
  /** a thread (default) or a process of its own */
  isolation?: WorkerIsolation;
}

/** a read of the stored file, asked by a worker and answered by the main thread (startFileWorker) */
type ByteRequest = { type: 'pull'; id: number; start: number; end: number } | { type: 'close'; id: number };
type BytesMessage = { type: 'bytes'; id: number; data?: Uint8Array; done?: boolean; error?: SerializedError };
type ToWorker = { type: 'credit' };
type FromWorker = { type: 'batch'; batch: SheetBatch } | { type: 'end' } | { type: 'error'; error: SerializedError };

/** An error as it crosses between threads (a DomainException keeps its code, fields and details). */
export interface SerializedError {
  code?: string;
  message: string;
  fields?: DomainException['fields'];
  details?: Record<string, unknown>;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof DomainException) return { code: e.code, message: e.message, fields: e.fields, details: e.details };
  return { message: e instanceof Error ? e.message : String(e) };
}

export function reviveError(e: SerializedError): Error {
  return e.code ? new DomainException(e.code, e.message, e.fields, e.details) : new Error(e.message);
}

/**
 * The worker's script: the compiled file `base` + `.js` beside the caller; under jest (TypeScript
 * sources) a tiny transpile hook first. `base` is the script's absolute path without extension.
 */
function workerScript(base: string, isolation: WorkerIsolation): { script: string; evaluated: boolean } {
  const ext = extname(__filename);
  const file = `${base}${ext}`;
  if (ext !== '.ts') return { script: file, evaluated: false };
  const boot = transpilingBoot(file);
  if (isolation === 'thread') return { script: boot, evaluated: true };
  // a forked process runs a file: the boot is written once per text
  const dir = join(tmpdir(), 'chain-erp-worker-ts');
  mkdirSync(dir, { recursive: true });
  const script = join(dir, `boot-${createHash('sha1').update(boot).digest('hex')}.js`);
  writeFileSync(`${script}.${process.pid}`, boot);
  renameSync(`${script}.${process.pid}`, script);
  return { script, evaluated: false };
}

/** the code that runs the TypeScript source `file` (under jest) with a tiny transpile hook */
function transpilingBoot(file: string): string {
  const ts = require.resolve('typescript');
  // transpiled files are cached by their text (and the options, `v2`): a test run loads TypeScript's compiler once, not per import;
  // decorator metadata: TypeORM reads a column's type from it where the entity does not name one
  const boot = `
    const fs = require('node:fs');
    const path = require('node:path');
    const crypto = require('node:crypto');
    const cache = path.join(require('node:os').tmpdir(), 'chain-erp-worker-ts');
    fs.mkdirSync(cache, { recursive: true });
    let ts;
    require.extensions['.ts'] = (m, filename) => {
      const text = fs.readFileSync(filename, 'utf8');
      const cached = path.join(cache, crypto.createHash('sha1').update('v2').update(filename).update(text).digest('hex') + '.js');
      let js;
      try {
        js = fs.readFileSync(cached, 'utf8');
      } catch {
        ts ??= require(${JSON.stringify(ts)});
        js = ts.transpileModule(text, {
          fileName: filename,
          compilerOptions: {
            module: ts.ModuleKind.CommonJS,
            target: ts.ScriptTarget.ES2022,
            esModuleInterop: true,
            experimentalDecorators: true,
            emitDecoratorMetadata: true,
          },
        }).outputText;
        fs.writeFileSync(cached + '.' + process.pid, js);
        fs.renameSync(cached + '.' + process.pid, cached);
      }
      m._compile(js, filename);
    };
    require(${JSON.stringify(file)});`;
  return boot;
}

/**
 * Where an import worker runs: a thread of HQ's process, or a process of its own (`child_process.fork`)
 * whose memory — its V8 heap, the glibc arenas of its allocations, the `pg` buffers — is returned
 * to the system when it exits and never counts in HQ's RSS (docs/operations.md "Memory").
 */
export type WorkerIsolation = 'thread' | 'process';

/** A worker of an import: it reads its file through the main thread (`file`) or by itself, nothing else of it. */
export interface FileWorker {
  post(m: unknown): void;
  /** stops the worker and every read it had open */
  stop(): Promise<void>;
}

/** the two kinds of worker as startFileWorker drives them */
interface WorkerChannel {
  post(m: unknown, transfer?: ArrayBuffer[]): void;
  terminate(): Promise<void>;
}

/** names a forked import process's kind (the data itself comes as its first message: no secret in its environment) */
const PROCESS_KIND_ENV = 'CHAIN_ERP_FILE_WORKER';

/** V8's own words when a heap limit is reached (the process aborts; a thread reports ERR_WORKER_OUT_OF_MEMORY) */
const OUT_OF_HEAP = /heap out of memory|Reached heap limit/;

/**
 * Starts the worker script `base` (see workerScript) with its heap capped at `heapMb` and serves
 * its byte reads of `file` (null: the worker reads its file by itself — a catalog import opens the
 * stored file on its own connection). Every other message goes to `onMessage`; a worker over its
 * heap, or one that stops unasked, to `onError` — never the process.
 */
export function startFileWorker(
  base: string,
  file: ByteSource | null,
  data: Record<string, unknown> & { kind: string },
  heapMb: number,
  onMessage: (m: unknown) => void,
  onError: (e: Error) => void,
  isolation: WorkerIsolation = 'thread',
): FileWorker {
  const { script, evaluated } = workerScript(base, isolation);
  const reads = new Map<number, AsyncIterator<unknown>>();
  const onWorkerMessage = (m: ByteRequest | { type: string }) => {
    if (m.type === 'pull') void serve(m as Extract<ByteRequest, { type: 'pull' }>);
    else if (m.type === 'close') {
      const id = (m as Extract<ByteRequest, { type: 'close' }>).id;
      void reads.get(id)?.return?.(undefined);
      reads.delete(id);
    } else onMessage(m);
  };
  const channel =
    isolation === 'process'
      ? forkWorker(script, { ...data, size: file?.size ?? 0 }, heapMb, onWorkerMessage, onError)
      : threadWorker(script, evaluated, { ...data, size: file?.size ?? 0 }, heapMb, onWorkerMessage, onError);
  const post = (m: unknown, transfer?: ArrayBuffer[]) => channel.post(m, transfer);
  const serve = async (m: Extract<ByteRequest, { type: 'pull' }>) => {
    try {
      let it = reads.get(m.id);
      if (!file) throw new Error('this worker was started without a file to read through the main thread');
      if (!it) reads.set(m.id, (it = file.read(m.start, m.end)[Symbol.asyncIterator]()));
      const next = await it.next();
      if (next.done) {
        reads.delete(m.id);
        return post({ type: 'bytes', id: m.id, done: true } satisfies BytesMessage);
      }
      // a copy the worker owns (a file stream's chunks may share one pool)
      const copy = new Uint8Array(next.value as Buffer);
      post({ type: 'bytes', id: m.id, data: copy } satisfies BytesMessage, [copy.buffer]);
    } catch (e) {
      reads.delete(m.id);
      post({ type: 'bytes', id: m.id, error: serializeError(e) } satisfies BytesMessage);
    }
  };
  return {
    post,
    async stop() {
      for (const it of reads.values()) void it.return?.(undefined);
      await channel.terminate();
    },
  };
}

function threadWorker(
  script: string,
  evaluated: boolean,
  data: Record<string, unknown>,
  heapMb: number,
  onMessage: (m: ByteRequest | { type: string }) => void,
  onError: (e: Error) => void,
): WorkerChannel {
  const worker = new Worker(script, { eval: evaluated, workerData: data, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 8 } });
  worker.on('message', onMessage);
  worker.on('error', (e: Error & { code?: string }) => onError(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? memoryLimit(heapMb) : e));
  worker.on('exit', () => onError(new Error('the import worker stopped')));
  return {
    post: (m, transfer) => worker.postMessage(m, transfer),
    terminate: async () => void (await worker.terminate()),
  };
}

function forkWorker(
  script: string,
  data: Record<string, unknown> & { kind: string },
  heapMb: number,
  onMessage: (m: ByteRequest | { type: string }) => void,
  onError: (e: Error) => void,
): WorkerChannel {
  const child: ChildProcess = fork(script, [], {
    // structured clone: byte chunks and the job's objects cross as a thread's messages do
    serialization: 'advanced',
    // the old space capped as a thread's; a young generation larger than a thread's 8 MB (16 MB semi-spaces): fewer
    // of a batch's rows live long enough to be promoted, so fewer full collections — its memory is the child's, not
    // HQ's. Nothing of the parent's own flags (inspector, jest's).
    execArgv: [`--max-old-space-size=${heapMb}`, '--max-semi-space-size=16'],
    env: { ...process.env, [PROCESS_KIND_ENV]: data.kind },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  // V8's last words tell a heap limit from another death. They are kept, not streamed: a heap limit
  // is the import's own error (IMPORT_MEMORY_LIMIT), and V8's raw "heap out of memory" trace in HQ's
  // stderr reads as HQ's own crash to whatever watches it (jest's workers kill themselves on it);
  // anything else the process wrote reaches HQ's stderr, marked, when it ends.
  let stderrTail = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4096);
  });
  const closed = new Promise<void>((resolve) =>
    // 'close': after the exit and after every message it sent was delivered
    child.on('close', (code, signal) => {
      resolve();
      if (OUT_OF_HEAP.test(stderrTail)) return onError(memoryLimit(heapMb));
      if (stderrTail.trim()) process.stderr.write(`[${data.kind} process, its last output]\n${stderrTail}\n`);
      onError(new Error(`the import worker stopped (${signal ?? `exit code ${code}`})`));
    }),
  );
  child.on('message', onMessage);
  // a child gone before it read its job: 'close' reports it
  child.on('error', () => undefined);
  child.send({ type: 'start', data });
  return {
    post: (m) => {
      if (child.connected) child.send(m as object);
    },
    async terminate() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await closed;
    },
  };
}

/**
 * The worker's end of startFileWorker, in the worker thread or the forked process: the data it was
 * started with and its channel to the main thread. `start` runs only in a worker of `kind`.
 */
export interface WorkerEnd {
  data: Record<string, unknown> & { size: number };
  post(m: unknown): void;
  onMessage(handler: (m: unknown) => void): void;
  /** the worker is done: a thread's port closes, a process disconnects and exits once idle */
  close(): void;
}

export function onWorkerStart(kind: string, start: (end: WorkerEnd) => void): void {
  if (!isMainThread) {
    const port = parentPort;
    if (!port || workerData?.kind !== kind) return;
    start({ data: workerData, post: (m) => port.postMessage(m), onMessage: (h) => port.on('message', h), close: () => port.close() });
    return;
  }
  if (!process.send || process.env[PROCESS_KIND_ENV] !== kind) return;
  process.title = `chain-erp ${kind}`;
  let closing = false;
  process.once('message', (first: { type: 'start'; data: WorkerEnd['data'] }) =>
    start({
      data: first.data,
      post: (m) => {
        if (process.connected) process.send!(m);
      },
      onMessage: (h) => process.on('message', h),
      close: () => {
        closing = true;
        process.disconnect();
      },
    }),
  );
  // a parent that died takes its import with it (its byte reads could never be answered)
  process.on('disconnect', () => {
    if (!closing) process.exit(1);
  });
}

/** An import worker out of its heap: the clerk splits the file. */
function memoryLimit(heapMb: number): DomainException {
  return new DomainException(
    ExcelError.IMPORT_MEMORY_LIMIT,
    `the import needed more than ${heapMb} MB (IMPORT_WORKER_HEAP_MB); split the file — nothing was written / 导入所需内存超出限制，请拆分文件，未写入任何数据`,
    [{ field: 'file', message: `over the limit IMPORT_WORKER_HEAP_MB = ${heapMb} MB` }],
    { limit: 'IMPORT_WORKER_HEAP_MB', value: heapMb },
  );
}

/**
 * The batches of a stored sheet, parsed in a worker thread. Ending the iteration early (a failed
 * write, `return()`) stops the worker; a worker that dies (out of its heap) fails the read with a
 * clear error, never the process.
 */
export async function* parseSheetInWorker(file: ByteSource, o: SheetParseOptions): AsyncGenerator<SheetBatch> {
  const { heapMb, isolation, ...options } = o;
  const queue: Array<{ batch?: SheetBatch; end?: true; error?: Error }> = [];
  let wake: (() => void) | undefined;
  const push = (item: (typeof queue)[number]) => {
    queue.push(item);
    wake?.();
  };
  const worker = startFileWorker(
    join(__dirname, 'sheet-parse.worker'),
    file,
    { kind: 'sheet-parse', options },
    heapMb,
    (m) => {
      const msg = m as FromWorker;
      if (msg.type === 'batch') push({ batch: msg.batch });
      else if (msg.type === 'end') push({ end: true });
      else push({ error: reviveError(msg.error) });
    },
    (error) => push({ error }),
    isolation,
  );
  try {
    // one batch parsed ahead of the one being written
    worker.post({ type: 'credit' } satisfies ToWorker);
    for (;;) {
      while (!queue.length) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const item = queue.shift()!;
      if (item.error) throw item.error;
      if (item.end) return;
      worker.post({ type: 'credit' } satisfies ToWorker);
      yield item.batch!;
    }
  } finally {
    await worker.stop();
  }
}

/**
 * The worker's side of startFileWorker's reads: a ByteSource of the main thread's file. `handle`
 * takes the worker's incoming messages and says whether one was the answer to a read.
 */
export function workerByteSource(port: Pick<WorkerEnd, 'post'>, size: number): { file: ByteSource; handle: (m: unknown) => boolean } {
  const pending = new Map<number, (m: BytesMessage) => void>();
  let nextId = 0;
  const file: ByteSource = {
    size,
    read(start = 0, end = size) {
      const id = nextId++;
      let asked = false;
      return new Readable({
        read() {
          if (asked) return;
          asked = true;
          pending.set(id, (m) => {
            asked = false;
            if (m.error) this.destroy(reviveError(m.error));
            else if (m.done) {
              pending.delete(id);
              this.push(null);
            } else this.push(Buffer.from(m.data!.buffer, m.data!.byteOffset, m.data!.byteLength));
          });
          port.post({ type: 'pull', id, start, end } satisfies ByteRequest);
        },
        destroy(err, cb) {
          pending.delete(id);
          port.post({ type: 'close', id } satisfies ByteRequest);
          cb(err);
        },
      });
    },
  };
  return {
    file,
    handle: (m) => {
      const msg = m as BytesMessage;
      if (msg?.type !== 'bytes') return false;
      pending.get(msg.id)?.(msg);
      return true;
    },
  };
}

/** The worker's side: reads through the main thread's ByteSource, posts batches as credits allow. */
export function runSheetParseWorker(): void {
  onWorkerStart('sheet-parse', (port) => {
    const o = port.data.options as Omit<SheetParseOptions, 'heapMb' | 'isolation'>;
    const { file, handle } = workerByteSource(port, port.data.size);
    let credits = 0;
    let granted: (() => void) | undefined;
    port.onMessage((m) => {
      if (handle(m)) return;
      credits++;
      granted?.();
    });
    void (async () => {
      const rows = readSheetRows({ file, format: o.format, encoding: o.encoding, delimiter: o.delimiter, limits: o.limits });
      try {
        for await (const batch of sheetBatches(rows, o)) {
          while (!credits) await new Promise<void>((resolve) => (granted = resolve));
          credits--;
          port.post({ type: 'batch', batch } satisfies FromWorker);
        }
        port.post({ type: 'end' } satisfies FromWorker);
      } catch (e) {
        port.post({ type: 'error', error: serializeError(e) } satisfies FromWorker);
      } finally {
        await rows.return(undefined);
        port.close();
      }
    })();
  });
}
