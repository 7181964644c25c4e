#!/usr/bin/env node
/**
 * Catalog import benchmark:  node bench/catalog-import/run.js [--quick]
 * Generates a workbook of 100,000 products (5,000 with --quick) with barcodes and prices, then in
 * one run measures (1) a bare exceljs streaming read of the file — the baseline — and (2) the full
 * import through the real HQ server: upload, then the job validating and committing every row
 * (mode=commit). Prints the ratio and the server's peak RSS, and appends to bench/BENCHMARKS.md.
 * Needs `npx tsc -b` first; uses an embedded PostgreSQL under a temporary folder.
 */
require('reflect-metadata');
const ExcelJS = require('exceljs');
const { chmodSync, mkdtempSync, rmSync, statSync, readFileSync, appendFileSync, existsSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const quick = process.argv.includes('--quick');
const N = quick ? 5_000 : 100_000;

async function generate(path) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const ws = wb.addWorksheet('商品');
  ws.addRow(['商品编码', '商品名称', '规格', '单位编码', '类别编码', '品牌编码', '供应商编码', '条码', '进价', '零售价', '会员价', '税率%', '保质期天数']).commit();
  ws.addRow(['code', 'name', 'specification', 'unitCode', 'categoryCode', 'brandCode', 'supplierCode', 'barcodes', 'purchasePrice', 'retailPrice', 'memberPrice', 'taxRate', 'shelfLifeDays']).commit();
  for (let i = 1; i <= N; i++) {
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

async function bareRead(path) {
  const t0 = process.hrtime.bigint();
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
  for await (const ws of reader) {
    for await (const row of ws) if (row.values.length) rows++;
    break;
  }
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, rows };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-catalog-'));
  chmodSync(dir, 0o755); // embedded PostgreSQL may run as another user
  const file = join(dir, 'products.xlsx');
  process.stdout.write(`generating ${N} products … `);
  await generate(file);
  console.log(`${(statSync(file).size / 1e6).toFixed(1)} MB`);

  const { startServer } = require('../../shared/dist');
  const { HQ_SERVER } = require('../../hq-server/dist/server');
  const server = await startServer(HQ_SERVER, { ...process.env, DATA_DIR: join(dir, 'hq'), PORT: '0', ADMIN_PASSWORD: 'bench-pass-123', LOG_LEVEL: 'warn', NODE_ENV: 'development' });
  const url = server.url;
  const json = async (method, path, token, body) => {
    const r = await fetch(url + path, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return r.json();
  };
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const token = (await json('POST', '/api/auth/login', null, { username: 'admin', password: 'bench-pass-123' })).accessToken;
    // reference data the products point at
    const csv = (head, rows) => new Blob([[head, ...rows].join('\n')], { type: 'text/csv' });
    const refs = [
      ['units', 'code,name', ['PCS,个']],
      ['categories', 'code,name', Array.from({ length: 50 }, (_, i) => `C${i},类别${i}`)],
      ['brands', 'code,name', Array.from({ length: 20 }, (_, i) => `BR${i},品牌${i}`)],
      ['suppliers', 'code,name', Array.from({ length: 10 }, (_, i) => `S${i},供应商${i}`)],
    ];
    const upload = async (entity, blob, name, mode) => {
      const form = new FormData();
      form.append('file', blob, name);
      const r = await fetch(`${url}/api/catalog/${entity}/imports?mode=${mode}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      const body = await r.json();
      if (r.status !== 202) throw new Error(JSON.stringify(body));
      for (;;) {
        const imp = await json('GET', `/api/catalog/imports/${body.id}`, token);
        if (!['queued', 'running'].includes(imp.state)) return imp;
        await new Promise((res) => setTimeout(res, 100));
      }
    };
    for (const [entity, head, rows] of refs) await upload(entity, csv(head, rows), `${entity}.csv`, 'commit');

    const base = await bareRead(file);
    const rssBefore = process.memoryUsage().rss;
    peakRss = rssBefore;
    const blob = new Blob([readFileSync(file)]);
    const t0 = process.hrtime.bigint();
    const validate = await upload('products', blob, 'products.xlsx', 'validate');
    const t1 = process.hrtime.bigint();
    const commit = await upload('products', blob, 'products.xlsx', 'commit');
    const t2 = process.hrtime.bigint();
    const vMs = Number(t1 - t0) / 1e6;
    const cMs = Number(t2 - t1) / 1e6;
    if (validate.state !== 'validated' || commit.state !== 'committed' || commit.created !== N) throw new Error(`unexpected result ${JSON.stringify({ validate, commit })}`);
    const line = {
      date: new Date().toISOString().slice(0, 16).replace('T', ' '),
      products: N,
      fileMb: (statSync(file).size / 1e6).toFixed(1),
      bareReadS: (base.ms / 1000).toFixed(2),
      validateS: (vMs / 1000).toFixed(2),
      commitS: (cMs / 1000).toFixed(2),
      commitRatio: (cMs / base.ms).toFixed(2),
      validateRatio: (vMs / base.ms).toFixed(2),
      peakRssMb: Math.round(peakRss / 1e6),
    };
    console.log(line);
    const md = join(__dirname, '..', 'BENCHMARKS.md');
    if (!existsSync(md)) writeFileSync(md, '# Benchmarks\n');
    if (!readFileSync(md, 'utf8').includes('## catalog-import')) {
      appendFileSync(
        md,
        '\n## catalog-import\n\n`node bench/catalog-import/run.js [--quick]` — a generated products workbook (barcodes, prices; 20% of products with two barcodes) imported through the real HQ server (upload + job, mode=validate then mode=commit) against a bare exceljs streaming read of the same file in the same run. RSS is of the one Node process running HQ (the embedded PostgreSQL is a separate process). Target: commit ≤ 2× bare read, peak RSS ≤ 300 MB.\n\n| date | products | file MB | bare read s | validate s | commit s | commit / bare | validate / bare | peak RSS MB |\n|---|---|---|---|---|---|---|---|---|\n',
      );
    }
    appendFileSync(md, `| ${line.date} | ${N} | ${line.fileMb} | ${line.bareReadS} | ${line.validateS} | ${line.commitS} | ${line.commitRatio} | ${line.validateRatio} | ${line.peakRssMb} |\n`);
  } finally {
    clearInterval(sampler);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
