/**
 * The tills of bench/pos-sales, in a process of their own (real tills are other machines: in the
 * server's process they would steal its event loop). The parent sends
 * `{ url, token, shifts, cashId, barcodes, seconds, hot, raw }` and gets back `{ salesPerSec, count, p50, p99 }`
 * (with `raw`, every sale's latency too: runs that are pooled before their percentiles are taken).
 * They still share the machine's cores, so they use node:http on kept-alive sockets (about a third
 * of fetch's CPU per request).
 */
const { randomUUID } = require('node:crypto');
const http = require('node:http');
const { percentile } = require('./till-process');

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

const HOT = 50;

/** 5 distinct products: realistic = 1 of 5 from the 50 best sellers, the rest from the whole range; hot = all from the 50. */
function basket(barcodes, hot) {
  const picked = new Set();
  while (picked.size < 5) picked.add(hot || (picked.size === 0 && Math.random() < 0.8) ? Math.floor(Math.random() * HOT) : Math.floor(Math.random() * barcodes.length));
  return [...picked].map((i, k) => ({ barcode: barcodes[i], quantity: String((k % 2) + 1) }));
}

function send(url, token, payload) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url + '/api/pos/sales',
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), Authorization: `Bearer ${token}` } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function post(url, token, body) {
  const payload = JSON.stringify(body);
  // a kept-alive socket the server closed while pgbench ran: resend (a sale is idempotent by its UUID)
  const res = await send(url, token, payload).catch(() => send(url, token, payload));
  const json = JSON.parse(res.text);
  if (res.status >= 300) throw new Error(`POST /api/pos/sales: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** The tills selling as fast as they can for `seconds`: sales/s and each sale's latency. */
async function tills({ url, token, shifts, cashId, barcodes, seconds, hot, raw }) {
  const latencies = [];
  const until = Date.now() + seconds * 1000;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    shifts.map(async (s) => {
      while (Date.now() < until) {
        const a = process.hrtime.bigint();
        await post(url, token, { id: randomUUID(), shiftId: s, lines: basket(barcodes, hot), payments: [{ paymentMethodId: cashId, amount: '2000.00' }] });
        latencies.push(Number(process.hrtime.bigint() - a) / 1e6);
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  return { salesPerSec: latencies.length / elapsed, count: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), ...(raw ? { latencies } : {}) };
}

process.on('message', (job) => {
  tills(job).then(
    (result) => process.send({ result }),
    (e) => process.send({ error: String(e?.stack ?? e) }),
  );
});
