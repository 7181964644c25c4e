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
 * An import's read and parse in a worker thread (docs/catalog.md "Importing"): the sheet's XML,
 * the cell parsing, the duplicate maps and all their garbage live in the worker's own heap (capped
 * by `resourceLimits`), so its collections never pause HQ's event loop. The worker owns no file
 * and no connection: it asks the main thread for byte ranges of the stored file (the storage port
 * stays where it is) and hands back batches of typed rows, one parsed ahead of the one being
 * written. Everything the database decides (references, writes, audit) stays on the main thread,
 * in the import's one transaction.
 */
export interface SheetParseOptions extends Omit<SheetBatchOptions, 'deadline'> {
  format: SheetFormat;
  encoding?: SheetEncoding;
  delimiter?: ',' | '\t';
  limits: ImportLimits;
  deadline: number;
  /** the worker's old-generation heap (IMPORT_WORKER_HEAP_MB) */
  heapMb: number;
}

type ToWorker = { type: 'bytes'; id: number; data?: Uint8Array; done?: boolean; error?: SerializedError } | { type: 'credit' };
type FromWorker =
  | { type: 'pull'; id: number; start: number; end: number }
  | { type: 'close'; id: number }
  | { type: 'batch'; batch: SheetBatch }
  | { type: 'end' }
  | { type: 'error'; error: SerializedError };

interface SerializedError {
  code?: string;
  message: string;
  fields?: DomainException['fields'];
  details?: Record<string, unknown>;
}

function serialize(e: unknown): SerializedError {
  if (e instanceof DomainException) return { code: e.code, message: e.message, fields: e.fields, details: e.details };
  return { message: e instanceof Error ? e.message : String(e) };
}

function revive(e: SerializedError): Error {
  return e.code ? new DomainException(e.code, e.message, e.fields, e.details) : new Error(e.message);
}

/** The worker's script: the compiled file beside this one; under jest (TypeScript sources) a tiny transpile hook first. */
function workerScript(): { script: string; evaluated: boolean } {
  const ext = extname(__filename);
  const file = join(__dirname, `sheet-parse.worker${ext}`);
  if (ext !== '.ts') return { script: file, evaluated: false };
  const ts = require.resolve('typescript');
  // transpiled files are cached by their text: a test run loads TypeScript's compiler once, not per import
  const boot = `
    const fs = require('node:fs');
    const path = require('node:path');
    const crypto = require('node:crypto');
    const cache = path.join(require('node:os').tmpdir(), 'chain-erp-worker-ts');
    fs.mkdirSync(cache, { recursive: true });
    let ts;
    require.extensions['.ts'] = (m, filename) => {
      const text = fs.readFileSync(filename, 'utf8');
      const cached = path.join(cache, crypto.createHash('sha1').update(filename).update(text).digest('hex') + '.js');
      let js;
      try {
        js = fs.readFileSync(cached, 'utf8');
      } catch {
        ts ??= require(${JSON.stringify(ts)});
        js = ts.transpileModule(text, {
          fileName: filename,
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true },
        }).outputText;
        fs.writeFileSync(cached + '.' + process.pid, js);
        fs.renameSync(cached + '.' + process.pid, cached);
      }
      m._compile(js, filename);
    };
    require(${JSON.stringify(file)});`;
  return { script: boot, evaluated: true };
}

/**
 * The batches of a stored sheet, parsed in a worker thread. Ending the iteration early (a failed
 * write, `return()`) stops the worker; a worker that dies (out of its heap) fails the read with a
 * clear error, never the process.
 */
export async function* parseSheetInWorker(file: ByteSource, o: SheetParseOptions): AsyncGenerator<SheetBatch> {
  const { script, evaluated } = workerScript();
  const { heapMb, ...data } = o;
  const worker = new Worker(script, {
    eval: evaluated,
    workerData: { kind: 'sheet-parse', options: data, size: file.size },
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 8 },
  });
  const reads = new Map<number, AsyncIterator<unknown>>();
  const queue: Array<{ batch?: SheetBatch; end?: true; error?: Error }> = [];
  let wake: (() => void) | undefined;
  const push = (item: (typeof queue)[number]) => {
    queue.push(item);
    wake?.();
  };
  const post = (m: ToWorker, transfer?: ArrayBuffer[]) => worker.postMessage(m, transfer);

  const serve = async (m: Extract<FromWorker, { type: 'pull' }>) => {
    try {
      let it = reads.get(m.id);
      if (!it) reads.set(m.id, (it = file.read(m.start, m.end)[Symbol.asyncIterator]()));
      const next = await it.next();
      if (next.done) {
        reads.delete(m.id);
        return post({ type: 'bytes', id: m.id, done: true });
      }
      // a copy the worker owns (a file stream's chunks may share one pool)
      const copy = new Uint8Array(next.value as Buffer);
      post({ type: 'bytes', id: m.id, data: copy }, [copy.buffer]);
    } catch (e) {
      reads.delete(m.id);
      post({ type: 'bytes', id: m.id, error: serialize(e) });
    }
  };
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'pull') void serve(m);
    else if (m.type === 'close') {
      void reads.get(m.id)?.return?.(undefined);
      reads.delete(m.id);
    } else if (m.type === 'batch') push({ batch: m.batch });
    else if (m.type === 'end') push({ end: true });
    else push({ error: revive(m.error) });
  });
  worker.on('error', (e: Error & { code?: string }) => {
    push({
      error:
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new DomainException(
              ExcelError.IMPORT_MEMORY_LIMIT,
              `reading the file needed more than ${heapMb} MB (IMPORT_WORKER_HEAP_MB); split the file — nothing was written / 读取文件所需内存超出限制，请拆分文件，未写入任何数据`,
              [{ field: 'file', message: `over the limit IMPORT_WORKER_HEAP_MB = ${heapMb} MB` }],
              { limit: 'IMPORT_WORKER_HEAP_MB', value: heapMb },
            )
          : e,
    });
  });
  worker.on('exit', () => push({ error: new Error('the import worker stopped') }));
  try {
    // one batch parsed ahead of the one being written
    post({ type: 'credit' });
    for (;;) {
      while (!queue.length) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const item = queue.shift()!;
      if (item.error) throw item.error;
      if (item.end) return;
      post({ type: 'credit' });
      yield item.batch!;
    }
  } finally {
    for (const it of reads.values()) void it.return?.(undefined);
    await worker.terminate();
  }
}

/** The worker's side: reads through the main thread's ByteSource, posts batches as credits allow. */
export function runSheetParseWorker(): void {
  if (isMainThread || !parentPort || workerData?.kind !== 'sheet-parse') return;
  const port = parentPort;
  const o = workerData.options as Omit<SheetParseOptions, 'heapMb'>;
  const size = workerData.size as number;
  const pending = new Map<number, (m: Extract<ToWorker, { type: 'bytes' }>) => void>();
  let credits = 0;
  let granted: (() => void) | undefined;
  port.on('message', (m: ToWorker) => {
    if (m.type === 'credit') {
      credits++;
      granted?.();
    } else pending.get(m.id)?.(m);
  });
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
            if (m.error) this.destroy(revive(m.error));
            else if (m.done) {
              pending.delete(id);
              this.push(null);
            } else this.push(Buffer.from(m.data!.buffer, m.data!.byteOffset, m.data!.byteLength));
          });
          port.postMessage({ type: 'pull', id, start, end } satisfies FromWorker);
        },
        destroy(err, cb) {
          pending.delete(id);
          port.postMessage({ type: 'close', id } satisfies FromWorker);
          cb(err);
        },
      });
    },
  };
  void (async () => {
    const rows = readSheetRows({ file, format: o.format, encoding: o.encoding, delimiter: o.delimiter, limits: o.limits });
    try {
      for await (const batch of sheetBatches(rows, o)) {
        while (!credits) await new Promise<void>((resolve) => (granted = resolve));
        credits--;
        port.postMessage({ type: 'batch', batch } satisfies FromWorker);
      }
      port.postMessage({ type: 'end' } satisfies FromWorker);
    } catch (e) {
      port.postMessage({ type: 'error', error: serialize(e) } satisfies FromWorker);
    } finally {
      await rows.return(undefined);
      port.close();
    }
  })();
}
