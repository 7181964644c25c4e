/**
 * catalog-import: a generated products workbook imported through a real HQ server, against the
 * physical limit measured in the same run: a bare exceljs streaming read of the same file plus a
 * `\copy` of the rows the import wrote (products, barcodes, audit rows) into the same empty tables.
 *
 * The workbook is generated in this (the runner's) process; HQ runs as its own child process on a
 * database of the runner's cluster, so its peak RSS is HQ's alone (the job runs in-process, no
 * REDIS_URL). Each measured import starts from an empty product table.
 *
 * For profiling: CATALOG_BENCH_PRODUCTS=<n> overrides the size, CATALOG_BENCH_HQ_ARGS passes node
 * flags to the HQ process (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), CATALOG_BENCH_HQ_LOG=<file>
 * keeps its stdout (e.g. with --trace-gc), CATALOG_BENCH_MEMORY=<file> preloads memory-sampler.js into HQ
 * (its memory every 50 ms into that file) and prints the highest of each figure per phase (upload, job).
 */
const { execFileSync, spawn } = require('node:child_process');
const { createServer } = require('node:net');
const { mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, chmodSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const ExcelJS = require('exceljs');
const { Client } = require('pg');

const PASSWORD = 'bench-pass-123';

async function generate(path, n) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const ws = wb.addWorksheet('商品');
  ws.addRow(['商品编码', '商品名称', '规格', '单位编码', '类别编码', '品牌编码', '供应商编码', '条码', '进价', '零售价', '会员价', '税率%', '保质期天数']).commit();
  ws.addRow([
    'code',
    'name',
    'specification',
    'unitCode',
    'categoryCode',
    'brandCode',
    'supplierCode',
    'barcodes',
    'purchasePrice',
    'retailPrice',
    'memberPrice',
    'taxRate',
    'shelfLifeDays',
  ]).commit();
  for (let i = 1; i <= n; i++) {
    const retail = (1 + (i % 9973) / 100).toFixed(2);
    ws.addRow([
      `B${String(i).padStart(7, '0')}`,
      `基准商品 ${i} 号`,
      `${(i % 20) * 50 + 100}g`,
      'PCS',
      `C${i % 50}`,
      `BR${i % 20}`,
      `S${i % 10}`,
      `69${String(i).padStart(11, '0')}` + (i % 5 === 0 ? `;68${String(i).padStart(11, '0')}` : ''),
      (Number(retail) * 0.7).toFixed(4),
      retail,
      (Number(retail) * 0.95).toFixed(2),
      '13',
      365,
    ]).commit();
  }
  await ws.commit();
  await wb.commit();
}

/** The baseline: every row of the first sheet through exceljs' streaming reader, nothing else. */
async function bareRead(path) {
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
  for await (const ws of reader) {
    for await (const row of ws) if (row.values.length) rows++;
    break;
  }
  return rows;
}

/** `psql` for the COPY baseline (client-side \copy: the path a bulk loader takes). */
function psql(url, command) {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', command], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** what a products import writes, table by table (audit_log's id is generated) */
const WRITTEN = [
  ['product', '*', 'true'],
  ['product_barcode', '*', 'true'],
  ['audit_log', 'at, user_id, username, org_unit_id, entity_type, entity_id, action, reason, changes, request_id', "entity_type = 'product'"],
];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** HQ in its own process; RSS read from /proc while it runs (VmHWM is the kernel's own peak). */
async function startHq(root, env, log) {
  const port = await freePort();
  const preload = process.env.CATALOG_BENCH_MEMORY ? ['--require', join(__dirname, 'memory-sampler.js')] : [];
  const child = spawn(process.execPath, [...preload, ...(process.env.CATALOG_BENCH_HQ_ARGS ?? '').split(' ').filter(Boolean), join(root, 'hq-server/dist/main.js')], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', process.env.CATALOG_BENCH_HQ_LOG ? openSync(process.env.CATALOG_BENCH_HQ_LOG, 'w') : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`HQ exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 600) throw new Error(`HQ did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const status = () => {
    try {
      const s = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0) * 1024;
      return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
    } catch {
      return { rss: 0, hwm: 0 };
    }
  };
  // the import runs in a child process of HQ's (IMPORT_ISOLATION=process): its RSS is measured apart, and with HQ's
  const childrenRss = () => {
    let sum = 0;
    try {
      for (const pid of readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').split(' ').filter(Boolean)) {
        sum += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      }
    } catch {
      /* gone meanwhile */
    }
    return sum;
  };
  let peak = 0;
  let childPeak = 0;
  let totalPeak = 0;
  const sampler = setInterval(() => {
    const own = status().rss;
    const kids = childrenRss();
    peak = Math.max(peak, own);
    childPeak = Math.max(childPeak, kids);
    totalPeak = Math.max(totalPeak, own + kids);
  }, 50);
  log(`HQ pid ${child.pid} at ${url}, RSS after start-up ${Math.round(status().rss / 1e6)} MB`);
  return {
    url,
    // with its reaped children: the import processes' CPU is HQ's work
    cpu: () => cpuSeconds(child.pid, true),
    rss: () => status().rss,
    /** the highest RSS since start-up, by the kernel's count where available */
    peak: () => Math.max(peak, status().hwm),
    /** the highest RSS of HQ's child processes (the import's), and of HQ and them together (sampled every 50 ms) */
    childPeak: () => childPeak,
    totalPeak: () => Math.max(totalPeak, peak),
    stop: async () => {
      clearInterval(sampler);
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    },
  };
}

/** CPU seconds (user + system) of a process; with children: also its reaped children's. */
function cpuSeconds(pid, withChildren = false) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // fields after "(comm) ": state=0 … utime=11 stime=12 cutime=13 cstime=14
    const t = Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
    return t / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds used so far by the benchmark's PostgreSQL cluster (postmaster, its live backends and the
 * ones already gone): on a shared, loaded machine CPU time moves much less than wall time.
 */
function pgCpu(root) {
  let master;
  try {
    master = Number(readFileSync(join(root, 'bench/.work/pg/pg/postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  let total = cpuSeconds(master, true);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ');
      if (Number(f[1]) === master) total += cpuSeconds(d);
    } catch {
      /* gone */
    }
  }
  return total;
}

/** time windows of the bench's phases, for the memory samples: { phase, from, to } (epoch ms) */
const phases = [];

function client(url) {
  let token;
  const call = async (method, path, body) => {
    const r = await fetch(url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return r.json();
  };
  return {
    login: async () => (token = (await call('POST', '/api/auth/login', { username: 'admin', password: PASSWORD })).accessToken),
    /** one product look-up by barcode (what a till or a clerk does while an import runs): ms */
    lookUp: async (barcode) => {
      const t0 = process.hrtime.bigint();
      const r = await fetch(`${url}/api/catalog/products/by-barcode/${barcode}`, { headers: { authorization: `Bearer ${token}` } });
      await r.arrayBuffer();
      return Number(process.hrtime.bigint() - t0) / 1e6;
    },
    /** uploads a file from disk and waits for the job to finish */
    import: async (entity, path, name, mode, phase = mode) => {
      const t0 = Date.now();
      const form = new FormData();
      form.append('file', new Blob([readFileSync(path)]), name);
      const r = await fetch(`${url}/api/catalog/${entity}/imports?mode=${mode}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      const body = await r.json();
      if (r.status !== 202) throw new Error(JSON.stringify(body));
      const t1 = Date.now();
      phases.push({ phase: `${phase} upload`, from: t0, to: t1 });
      for (;;) {
        const imp = await call('GET', `/api/catalog/imports/${body.id}`);
        if (!['queued', 'running'].includes(imp.state)) {
          phases.push({ phase: `${phase} job`, from: t1, to: Date.now() });
          return imp;
        }
        await new Promise((res) => setTimeout(res, 50));
      }
    },
  };
}

/**
 * The memory samples (memory-sampler.js) cut into the bench's phases: per phase, HQ's RSS when it
 * began and the highest of each figure during it (MB); the same phase's windows (three validate
 * runs …) taken together.
 */
function memoryByPhase(file) {
  let samples;
  try {
    samples = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
  const mb = (b) => Math.round(b / 1e6);
  const lines = [];
  const names = [...new Set(phases.map((p) => p.phase))];
  for (const name of names) {
    const windows = phases.filter((p) => p.phase === name);
    const inside = samples.filter((x) => windows.some((w) => x.t >= w.from && x.t <= w.to));
    if (!inside.length) continue;
    const before = samples.filter((x) => x.t < windows[0].from).pop() ?? inside[0];
    const max = (f) => mb(Math.max(...inside.map(f)));
    const top = inside.reduce((a, b) => (b.rss > a.rss ? b : a));
    lines.push(
      `memory ${name} (${windows.length}×, ${inside.length} samples): RSS ${mb(before.rss)} → max ${max((x) => x.rss)} MB (anon ${max((x) => x.anon)}, file ${max((x) => x.fileBacked)}); ` +
        `heap used max ${max((x) => x.heapUsed)} / total ${max((x) => x.heapTotal)} MB (new ${max((x) => x.spaces.new ?? 0)}, old ${max((x) => x.spaces.old ?? 0)}, large ${max((x) => x.spaces.large_object ?? 0)}, code ${max((x) => x.spaces.code ?? 0)}); ` +
        `external max ${max((x) => x.external)} MB, array buffers max ${max((x) => x.arrayBuffers)} MB; at the highest RSS: heap ${mb(top.heapTotal)}, external ${mb(top.external)}, rest ${mb(top.rss - top.heapTotal - top.external)} MB`,
    );
  }
  return lines;
}

const s = (ms) => (ms / 1000).toFixed(2);
const pct = (xs, p) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] : 0);
const fmt = (m) => `${s(m.median)} s (min ${s(m.min)}, max ${s(m.max)}, ${m.runs.length} runs)`;

module.exports = {
  name: 'catalog-import',
  what: 'import of a products workbook (validate, commit) through a real HQ process',
  baseline: 'bare exceljs streaming read of the same file + \\copy of the rows the import writes (products, barcodes, audit rows)',
  target: 'commit ≤ 1.5× baseline, HQ peak RSS ≤ 300 MB, product look-up p99 during the import < 100 ms',
  async run(ctx) {
    const n = Number(process.env.CATALOG_BENCH_PRODUCTS) || (ctx.quick ? 5_000 : 100_000);
    const runs = 3;
    const work = join(ctx.root, 'bench', '.work', 'catalog-import');
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    chmodSync(work, 0o755);
    const file = join(work, 'products.xlsx');
    ctx.log(`generating ${n} products …`);
    await generate(file, n);
    const fileMb = (statSync(file).size / 1e6).toFixed(1);

    if (process.env.CATALOG_BENCH_MEMORY) rmSync(process.env.CATALOG_BENCH_MEMORY, { force: true });
    const dbUrl = await ctx.createDatabase('bench_catalog_import');
    const hq = await startHq(
      ctx.root,
      { DATABASE_URL: dbUrl, DATA_DIR: join(work, 'hq'), ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn', NODE_ENV: 'development', REDIS_URL: '' },
      ctx.log,
    );
    const db = new Client({ connectionString: dbUrl });
    await db.connect();
    try {
      const api = client(hq.url);
      await api.login();
      const refs = [
        ['units', 'code,name', ['PCS,个']],
        ['categories', 'code,name', Array.from({ length: 50 }, (_, i) => `C${i},类别${i}`)],
        ['brands', 'code,name', Array.from({ length: 20 }, (_, i) => `BR${i},品牌${i}`)],
        ['suppliers', 'code,name', Array.from({ length: 10 }, (_, i) => `S${i},供应商${i}`)],
      ];
      for (const [entity, head, rows] of refs) {
        const csv = join(work, `${entity}.csv`);
        writeFileSync(csv, [head, ...rows].join('\n'));
        const imp = await api.import(entity, csv, `${entity}.csv`, 'commit', 'reference');
        if (imp.state !== 'committed') throw new Error(`reference import ${entity}: ${JSON.stringify(imp)}`);
      }
      const rssIdle = hq.rss();
      const empty = async () => {
        await db.query('TRUNCATE product_barcode, product, catalog_import_error CASCADE');
        await db.query("DELETE FROM audit_log WHERE entity_type = 'product'");
        await db.query('VACUUM ANALYZE product, product_barcode, audit_log');
      };

      let rows = 0;
      const idleFrom = Date.now();
      const base = await ctx.measure(async () => (rows = await bareRead(file)), runs);
      phases.push({ phase: 'idle (the runner reads the file)', from: idleFrom, to: Date.now() });
      ctx.log(`bare read ${fmt(base)}, ${rows} rows`);
      const check = (imp, state) => {
        if (imp.state !== state || imp.rowsFailed !== 0 || imp.rowsRead !== n) throw new Error(`unexpected import result ${JSON.stringify(imp)}`);
        return imp;
      };
      const validate = await ctx.measure(() => api.import('products', file, 'products.xlsx', 'validate').then((i) => check(i, 'validated')), runs);
      ctx.log(`validate ${fmt(validate)}`);
      // VmHWM after each phase: which one set the peak (validate runs, commits, the re-import)
      const peakAfterValidate = Math.round(hq.peak() / 1e6);
      const commitTimes = [];
      const hqCpu = [];
      const dbCpu = [];
      // HQ must keep answering while it imports: a product look-up every 50 ms during each commit
      const during = [];
      let idleP99 = 0;
      {
        const idle = [];
        for (let i = 0; i < 200; i++) idle.push(await api.lookUp(`69${String((i % 1000) + 1).padStart(11, '0')}`));
        idleP99 = pct(idle, 0.99);
      }
      for (let i = 0; i < runs; i++) {
        await empty();
        const c0 = hq.cpu();
        const p0 = pgCpu(ctx.root);
        const t0 = process.hrtime.bigint();
        let importing = true;
        const probe = (async () => {
          for (let k = 0; importing; k++) {
            during.push(await api.lookUp(`69${String((k % 1000) + 1).padStart(11, '0')}`));
            await new Promise((r) => setTimeout(r, 50));
          }
        })();
        const imp = check(await api.import('products', file, 'products.xlsx', 'commit').finally(() => (importing = false)), 'committed');
        await probe;
        commitTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
        hqCpu.push(hq.cpu() - c0);
        if (p0 !== null) dbCpu.push(pgCpu(ctx.root) - p0);
        if (imp.created !== n) throw new Error(`created ${imp.created} of ${n}`);
      }
      const sorted = [...commitTimes].sort((a, b) => a - b);
      const commit = { median: sorted[Math.floor(runs / 2)], min: sorted[0], max: sorted[runs - 1], runs: commitTimes };
      ctx.log(`commit ${fmt(commit)}`);
      const peakAfterCommits = Math.round(hq.peak() / 1e6);
      const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const cpuLine = `CPU per commit (median): HQ ${med(hqCpu).toFixed(2)} s${dbCpu.length ? `, PostgreSQL ${med(dbCpu).toFixed(2)} s` : ''} (wall ${s(commit.median)} s)`;
      ctx.log(cpuLine);
      // the same file again: every row is read back, compared and left alone
      const again = await ctx.measure(() => api.import('products', file, 'products.xlsx', 'commit', 're-import').then((i) => check(i, 'committed')), 1);
      if (again.last.unchanged !== n) throw new Error(`re-import changed rows: ${JSON.stringify(again.last)}`);
      const audits = Number((await db.query("SELECT count(*) AS n FROM audit_log WHERE entity_type = 'product'")).rows[0].n);
      if (audits !== n) throw new Error(`expected ${n} audit rows, found ${audits}`);
      // the physical limit of the writes: the same rows by \copy into the same emptied tables (indexes, triggers)
      const cols = {};
      for (const [t, c, where] of WRITTEN) {
        cols[t] =
          c === '*'
            ? (
                await db.query(
                  `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS c FROM information_schema.columns WHERE table_name = $1 AND table_schema = 'public'`,
                  [t],
                )
              ).rows[0].c
            : c;
        psql(dbUrl, `\\copy (SELECT ${cols[t]} FROM ${t} WHERE ${where}) TO '${join(work, t + '.copy')}'`);
      }
      const copyTimes = [];
      for (let i = 0; i < runs; i++) {
        await empty();
        const t0 = process.hrtime.bigint();
        for (const [t] of WRITTEN) psql(dbUrl, `\\copy ${t} (${cols[t]}) FROM '${join(work, t + '.copy')}'`);
        copyTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      const cs = [...copyTimes].sort((a, b) => a - b);
      const copy = { median: cs[Math.floor(runs / 2)], min: cs[0], max: cs[runs - 1], runs: copyTimes };
      const copyMedian = copy.median;
      ctx.log(`\\copy of the written rows ${fmt(copy)}`);
      const baseline = base.median + copyMedian;
      const peakMb = Math.round(hq.peak() / 1e6);
      const memory = process.env.CATALOG_BENCH_MEMORY ? memoryByPhase(process.env.CATALOG_BENCH_MEMORY) : [];
      for (const line of memory) ctx.log(line);
      const ratio = commit.median / baseline;
      const lookLine = `product look-up by barcode during the commits: p50 ${pct(during, 0.5).toFixed(1)} ms, p99 ${pct(during, 0.99).toFixed(1)} ms, max ${Math.max(...during).toFixed(0)} ms (${during.length} look-ups); idle p99 ${idleP99.toFixed(1)} ms`;
      ctx.log(lookLine);
      return {
        ratio,
        meets: ratio <= 1.5 && peakMb <= 300 && pct(during, 0.99) < 100,
        summary: `${n} products (${fileMb} MB): commit ${s(commit.median)} s vs bare read ${s(base.median)} s + \\copy ${s(copyMedian)} s; validate ${(validate.median / base.median).toFixed(2)}× the bare read; HQ peak RSS ${peakMb} MB (import process ${Math.round(hq.childPeak() / 1e6)} MB, together ${Math.round(hq.totalPeak() / 1e6)} MB); look-up p99 during import ${pct(during, 0.99).toFixed(0)} ms (idle ${idleP99.toFixed(0)} ms)`,
        details: [
          `file: ${n} products, ${fileMb} MB .xlsx (20% with two barcodes), ${rows} rows incl. two header rows`,
          `bare exceljs streaming read: ${fmt(base)}`,
          `\\copy of the rows the import wrote (products, barcodes, audit rows) into the same emptied tables: ${fmt(copy)}; baseline = read + copy = ${s(baseline)} s`,
          `import mode=validate (upload + job, dry run): ${fmt(validate)} → ${(validate.median / base.median).toFixed(2)}× the bare read`,
          `import mode=commit into an empty product table: ${fmt(commit)} → ${ratio.toFixed(2)}×`,
          cpuLine,
          lookLine,
          `re-import of the same file (all rows unchanged): ${s(again.median)} s → ${(again.median / base.median).toFixed(2)}× the bare read`,
          `HQ process RSS: ${Math.round(rssIdle / 1e6)} MB idle after start-up and reference data, peak ${peakMb} MB (own process, an import thread included with IMPORT_ISOLATION=thread; the file is generated by the runner); the import's child process (IMPORT_ISOLATION=process, the default) peaked at ${Math.round(hq.childPeak() / 1e6)} MB, HQ and it together at ${Math.round(hq.totalPeak() / 1e6)} MB; peak after the validate runs ${peakAfterValidate} MB, after the commits ${peakAfterCommits} MB, after the re-import ${peakMb} MB`,
          ...memory,
        ],
      };
    } finally {
      await db.end();
      await hq.stop();
      rmSync(work, { recursive: true, force: true });
    }
  },
};
