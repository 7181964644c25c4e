import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';

/**
 * One HTTP call over node:http(s), for calls between our own programs (store → HQ, the transfer
 * tool, the demo). Not fetch: fetch refuses the WHATWG "bad ports" (6000, 6665–6669, 10080, …)
 * without trying, so a server there was unreachable although it was up ("fetch failed"). Errors
 * carry the real cause (`connect ECONNREFUSED 127.0.0.1:3000`, `no answer within 5000 ms`).
 * Sockets are kept alive between calls (less CPU per call than fetch, see bench/pos-sales).
 */

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpCallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** the whole call, answer included; default 120 s */
  timeoutMs?: number;
}

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

export class HttpCallError extends Error {
  constructor(
    message: string,
    /** the system error code when there is one (ECONNREFUSED, ENOTFOUND, …), or TIMEOUT */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'HttpCallError';
  }
}

export async function httpCall(url: string, options: HttpCallOptions = {}): Promise<HttpAnswer> {
  try {
    return await once(url, options);
  } catch (e) {
    // a kept-alive socket the server closed meanwhile (it restarted, or timed the idle socket out)
    // fails at once without an answer: the call goes again on a new socket (Node's documented remedy)
    if ((e as { staleSocket?: boolean }).staleSocket) return once(url, options);
    throw e;
  }
}

function once(url: string, options: HttpCallOptions): Promise<HttpAnswer> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new HttpCallError(`not a URL: ${url}`, 'EINVALIDURL'));
    }
    const protocol = target.protocol as 'http:' | 'https:';
    if (protocol !== 'http:' && protocol !== 'https:') return reject(new HttpCallError(`unsupported protocol ${target.protocol} in ${url}`, 'EPROTOCOL'));
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8');
    const headers: Record<string, string | number> = { ...options.headers };
    if (body) headers['content-length'] = body.length;
    let done = false;
    let answered = false;
    const fail = (e: Error & { code?: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const err = e instanceof HttpCallError ? e : new HttpCallError(e.message || String(e), e.code);
      if (!answered && req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) Object.assign(err, { staleSocket: true });
      reject(err);
    };
    const req = (protocol === 'https:' ? https : http).request(target, { method: options.method ?? 'GET', headers, agent: agents[protocol] }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('aborted', () => fail(new HttpCallError('the connection closed before the answer was complete', 'ECONNRESET')));
      res.on('end', () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    const timer = setTimeout(() => {
      const e = new HttpCallError(`no answer within ${timeoutMs} ms`, 'TIMEOUT');
      fail(e);
      req.destroy(e);
    }, timeoutMs);
    req.on('error', fail);
    req.end(body);
  });
}
