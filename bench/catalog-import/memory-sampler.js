/**
 * Preloaded into HQ by the catalog-import bench when CATALOG_BENCH_MEMORY=<file> (`node --require`):
 * every 50 ms one JSON line of where HQ's main process keeps its memory — the kernel's view
 * (/proc/self/status: VmRSS split into anonymous and file-backed pages, VmHWM), Node's
 * (process.memoryUsage: V8 heap, external, array buffers) and V8's heap spaces (new, old, large
 * objects …). The bench cuts the lines into its phases (upload, job) and prints the highest of each.
 * Only HQ's main process: the import's child process is measured apart by the bench.
 */
const { appendFileSync } = require('node:fs');
const { readFileSync } = require('node:fs');
const v8 = require('node:v8');

const file = process.env.CATALOG_BENCH_MEMORY;
if (file && !process.env.CHAIN_ERP_FILE_WORKER) {
  const kb = (s, k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0) * 1024;
  let lines = [];
  const sample = () => {
    const status = readFileSync('/proc/self/status', 'utf8');
    const m = process.memoryUsage();
    const spaces = {};
    for (const s of v8.getHeapSpaceStatistics()) spaces[s.space_name.replace(/_space$/, '')] = s.space_size;
    lines.push(
      JSON.stringify({
        t: Date.now(),
        rss: kb(status, 'VmRSS'),
        anon: kb(status, 'RssAnon'),
        fileBacked: kb(status, 'RssFile'),
        hwm: kb(status, 'VmHWM'),
        heapTotal: m.heapTotal,
        heapUsed: m.heapUsed,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
        spaces,
      }),
    );
    if (lines.length >= 20) flush();
  };
  const flush = () => {
    if (!lines.length) return;
    appendFileSync(file, lines.join('\n') + '\n');
    lines = [];
  };
  setInterval(sample, 50).unref();
  setInterval(flush, 500).unref();
  process.on('exit', flush);
}
