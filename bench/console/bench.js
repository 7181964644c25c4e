/**
 * The web console's product list (基本信息 › 商品) over a large catalog, in headless Chromium
 * (Debian's /usr/bin/chromium driven by @playwright/test, as console/e2e does), against HQ run from
 * its built dist serving the built console (console/dist). Products are written straight into
 * PostgreSQL with generate_series (the catalog's triggers fire; not through the API).
 *
 * Each time is the browser's own clock (performance.now() when the first row of the first page is
 * in the DOM, polled every animation frame):
 * - cold: a fresh browser context (empty HTTP cache, signed in through its localStorage token) opens
 *   /catalog/products — HTML, the entry JavaScript, the screen's chunk, the lookups and the list;
 * - warm: the same context opens it again (assets from the HTTP cache);
 * - in-app: from the home screen of a loaded console, a click on the menu item until the rows show.
 * Baseline in the same run: the list request the screen sends (captured from the browser) answered
 * to a plain fetch. Also measured: the gzip size of the JavaScript the login page loads (the first
 * route). Nothing is asserted: it measures.
 */
// the functions given to page.evaluate and waitForFunction run in the browser
/* global window, document, location */
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { gzipSync } = require('node:zlib');
const { join } = require('node:path');
const { ServerProcess, ADMIN_PASSWORD, login, addProducts, withClient } = require('../transfer-lib');

const TARGET_MS = 1000;
const TARGET_GZIP_KB = 300;
const FIRST_ROW = '.ant-table-tbody tr.ant-table-row';

/** console/dist is rebuilt when missing or older than a console source file (a fresh clone, an edited screen). */
function ensureConsoleBuilt(root, log) {
  const index = join(root, 'console/dist/index.html');
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, d) => Math.max(m, d.isDirectory() ? newest(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs), 0);
  if (existsSync(index) && statSync(index).mtimeMs >= newest(join(root, 'console/src'))) return;
  log('building the console (console/dist is missing or older than console/src)');
  execSync('npm run build -w console', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** nearest-rank percentile */
function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const stats = (xs) => ({ p50: pct(xs, 50), p90: pct(xs, 90), min: Math.min(...xs), max: Math.max(...xs), runs: xs });
const f = (s) => `p50 ${s.p50.toFixed(0)} ms, p90 ${s.p90.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`;

/** CPU ms of the page's renderer process (all its threads) and of its main thread, from Chromium's own counters */
async function cpuNow(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return { process: m.ProcessTime * 1000, thread: m.ThreadTime * 1000 };
}

/** ms on the page's clock (from its navigation start) when the list's first row is in the DOM */
async function firstRowAt(page) {
  const h = await page.waitForFunction((sel) => location.pathname === '/catalog/products' && document.querySelector(sel) !== null && performance.now(), FIRST_ROW, {
    polling: 'raf',
    timeout: 60_000,
  });
  return h.jsonValue();
}

async function run(ctx) {
  const products = ctx.quick ? 10_000 : 100_000;
  const navigations = ctx.quick ? 3 : 7;
  ensureConsoleBuilt(ctx.root, ctx.log);
  const { chromium } = require('@playwright/test');
  const url = await ctx.createDatabase('bench_console');
  const hq = new ServerProcess(ctx.root, 'hq', url, { NODE_ENV: 'production' });
  let browser;
  try {
    await hq.start();
    const t0 = Date.now();
    await addProducts(url, products);
    await withClient(url, (c) => c.query('ANALYZE'));
    ctx.log(`${products} products in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const token = await login(hq.url, 'admin', ADMIN_PASSWORD);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      // the flags of playwright.config.ts (this machine: root, closed network)
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const contextOptions = (signedIn) => ({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      storageState: { cookies: [], origins: signedIn ? [{ origin: hq.url, localStorage: [{ name: 'chain-erp.token', value: token }] }] : [] },
    });

    // the first route: what the login page loads, gzip-compressed as a server would send it
    const loginCtx = await browser.newContext(contextOptions(false));
    const loginPage = await loginCtx.newPage();
    const scripts = [];
    loginPage.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.push(res.body());
    });
    await loginPage.goto(hq.url + '/login');
    await loginPage.getByLabel('用户名').waitFor();
    const bodies = await Promise.all(scripts);
    const gzipKb = bodies.reduce((n, b) => n + gzipSync(b).length, 0) / 1024;
    const rawKb = bodies.reduce((n, b) => n + b.length, 0) / 1024;
    await loginCtx.close();

    const cold = [];
    const warm = [];
    const inApp = [];
    let listRequest;
    const cpu = [];
    let screenJs = [];
    for (let i = 0; i < navigations; i++) {
      const bctx = await browser.newContext(contextOptions(true));
      const page = await bctx.newPage();
      const js = [];
      page.on('request', (req) => {
        if (!listRequest && /\/api\/catalog\/products\?/.test(req.url())) listRequest = req.url().slice(hq.url.length);
      });
      page.on('response', (res) => {
        if (i === 0 && res.request().resourceType() === 'script') js.push(res.body().then((b) => ({ name: res.url().split('/').pop(), gz: gzipSync(b).length / 1024 })));
      });
      await page.goto(hq.url + '/catalog/products', { waitUntil: 'commit' });
      cold.push(await firstRowAt(page));
      if (i === 0) screenJs = await Promise.all(js);
      await page.goto(hq.url + '/catalog/products', { waitUntil: 'commit' });
      warm.push(await firstRowAt(page));
      // in the loaded console: home screen, then the menu (its group opened first, outside the timing)
      await page.goto(hq.url + '/');
      await page.getByTestId('current-user').waitFor();
      const item = page.getByRole('menuitem', { name: '商品', exact: true });
      if (!(await item.isVisible())) await page.getByRole('menuitem', { name: '基本信息' }).click();
      await item.waitFor();
      await page.evaluate(() => document.addEventListener('click', () => (window.__clickAt = performance.now()), { capture: true, once: true }));
      // the renderer's CPU over the click (one document: a page load may change the renderer, whose counters restart)
      const cdp = await bctx.newCDPSession(page);
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      // CONSOLE_BENCH_PROFILE=<dir>: the renderer's CPU profile of each click (open in Chrome DevTools)
      const profile = process.env.CONSOLE_BENCH_PROFILE;
      if (profile) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
      const before = await cpuNow(cdp);
      await item.click();
      inApp.push((await firstRowAt(page)) - (await page.evaluate(() => window.__clickAt)));
      const after = await cpuNow(cdp);
      if (profile) writeFileSync(join(profile, `console-click-${i}.cpuprofile`), JSON.stringify((await cdp.send('Profiler.stop')).profile));
      cpu.push({ process: after.process - before.process, thread: after.thread - before.thread });
      await bctx.close();
    }
    if (!listRequest) throw new Error('the screen sent no /api/catalog/products request');

    // the baseline: the same list request the screen sent, answered to a plain fetch (warmed first)
    const get = async () => {
      const res = await fetch(hq.url + listRequest, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.json();
      if (res.status !== 200 || body.total !== products) throw new Error(`${listRequest}: ${res.status}, total ${body.total}`);
    };
    await get();
    const apiTimes = (await ctx.measure(get, Math.max(5, navigations))).runs;

    const api = stats(apiTimes);
    const c = stats(cold);
    const w = stats(warm);
    const a = stats(inApp);
    const worst = Math.max(c.p50, w.p50, a.p50);
    const cpuProcess = pct(
      cpu.map((x) => x.process),
      50,
    );
    const cpuThread = pct(
      cpu.map((x) => x.thread),
      50,
    );
    const screenKb = screenJs.reduce((n, x) => n + x.gz, 0);
    const biggest = [...screenJs].sort((x, y) => y.gz - x.gz).slice(0, 5);
    const meets = worst <= TARGET_MS && gzipKb <= TARGET_GZIP_KB;
    const result = {
      ratio: worst / api.p50,
      meets,
      summary:
        `${products} products, ${navigations} navigations each: first page cold ${c.p50.toFixed(0)} ms (p90 ${c.p90.toFixed(0)}), ` +
        `warm ${w.p50.toFixed(0)} ms (p90 ${w.p90.toFixed(0)}), menu click ${a.p50.toFixed(0)} ms (p90 ${a.p90.toFixed(0)}) ` +
        `vs the list API ${api.p50.toFixed(1)} ms; first route's JavaScript ${gzipKb.toFixed(0)} KB gzip`,
      details: [
        `list request as the screen sends it: GET ${listRequest}; answered to a plain fetch: ${f(api)}`,
        `cold (fresh context, empty HTTP cache, deep link): ${f(c)}; runs ${cold.map((x) => x.toFixed(0)).join(', ')}`,
        `warm (same context, second load): ${f(w)}; runs ${warm.map((x) => x.toFixed(0)).join(', ')}`,
        `menu click in the loaded console: ${f(a)}; runs ${inApp.map((x) => x.toFixed(0)).join(', ')}; renderer CPU p50 ${cpuProcess.toFixed(0)} ms (its main thread ${cpuThread.toFixed(0)} ms)`,
        `first route (/login): ${bodies.length} scripts, ${rawKb.toFixed(0)} KB, ${gzipKb.toFixed(1)} KB gzip (target ≤ ${TARGET_GZIP_KB}); ` +
          `the product list cold: ${screenJs.length} scripts, ${screenKb.toFixed(1)} KB gzip (largest: ${biggest.map((x) => `${x.name} ${x.gz.toFixed(0)} KB`).join(', ')})`,
      ],
    };
    for (const d of result.details) ctx.log(d); // the figures behind the summary, in quick runs too
    return result;
  } finally {
    if (browser) await browser.close();
    await hq.stop();
  }
}

module.exports = {
  name: 'console',
  what: 'the web console’s product list (基本信息 › 商品) in headless Chromium over a large catalog, HQ serving the built console',
  baseline: 'the list request the screen sends (page 1), answered to a plain fetch (same run)',
  target: 'first page’s rows ≤ 1 s after navigation (cold, warm and menu click, median); first route’s JavaScript ≤ 300 KB gzip',
  run,
};
