import { Socket } from 'node:net';

/** host:port of a network receipt printer (port 9100 when left out); null when it cannot be read. */
export function parsePrinterAddress(address: string | null | undefined): { host: string; port: number } | null {
  const m = /^\s*(\[[0-9a-f:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\s*$/i.exec(address ?? '');
  if (!m) return null;
  const port = m[2] ? Number(m[2]) : 9100;
  if (port < 1 || port > 65535) return null;
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

/**
 * Sends raw bytes to a printer's TCP port (JetDirect/RAW, 9100) and closes. A printer that does not
 * answer within `timeoutMs` fails the call: the till never waits unbounded on paper.
 */
export function sendRaw(target: { host: string; port: number }, bytes: Buffer, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`printer ${target.host}:${target.port} timed out`)));
    socket.once('error', (e) => finish(e));
    socket.connect(target.port, target.host, () => {
      socket.end(bytes, () => finish());
    });
  });
}
