import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * A file's bytes wherever they live (a local disk, PostgreSQL — the storage port, docs/operations.md):
 * its size, and any range of it as a stream. Readers of import files take this, so a job reads the
 * file the same way on every instance. A failure while reading (the file removed meanwhile) comes
 * as the stream's 'error', which every reader turns into a refusal of the file — never a crash.
 */
export interface ByteSource {
  readonly size: number;
  /** bytes [start, end) (default: all) */
  read(start?: number, end?: number): Readable;
}

/** A local file as a ByteSource; rejects (ENOENT …) when it is not there. */
export async function localByteSource(path: string): Promise<ByteSource> {
  const { size } = await stat(path);
  return {
    size,
    read: (start = 0, end = size) => (end <= start ? Readable.from([]) : createReadStream(path, { start, end: end - 1, highWaterMark: 1 << 20 })),
  };
}

/** A file given by its local path, or a stored file already opened. */
export type FileInput = string | ByteSource;

export function openInput(input: FileInput): Promise<ByteSource> {
  return typeof input === 'string' ? localByteSource(input) : Promise.resolve(input);
}

/** The first `length` bytes (or fewer) of a source. */
export async function readHead(src: ByteSource, length: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of src.read(0, Math.min(length, src.size))) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}
