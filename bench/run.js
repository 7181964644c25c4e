#!/usr/bin/env node
/**
 * npm run bench [-- <name> ...] [-- --quick]
 *
 * Runs the benchmarks in bench/<name>/bench.js on an embedded PostgreSQL (or DATABASE_URL), each
 * measuring its own baseline in the same run, prints one table, and appends the results (date,
 * machine, commit) to bench/BENCHMARKS.md, whose top table keeps the latest ratio per benchmark.
 *
 * A benchmark module exports { name, what, baseline, target, run(ctx) } where run returns
 * { ratio: number|null, meets: boolean|null, summary: string, details: string[] }.
 * ctx = { quick, pgUrl(db) (admin URL of a PostgreSQL cluster, a database name → its URL),
 *         createDatabase(name), measure(fn, runs) → { median, min, max, runs }, root, log }.
 * Benchmarks assert nothing: they measure. Tests check behaviour.
 */
const { execSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, rmSync, chmodSync } = require('node:fs');
const os = require('node:os');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.filter((a) => !a.startsWith('--'));
const mdFile = join(__dirname, 'BENCHMARKS.md');

function log(m) {
  process.stdout.write(`[bench] ${m}\n`);
}

async function measure(fn, runs = 3) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    last = await fn(i);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], runs: times, last };
}

async function startDatabase() {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => undefined };
  const shared = require(join(root, 'shared/dist'));
  const dir = join(__dirname, '.work', 'pg');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  chmodSync(join(__dirname, '.work'), 0o755);
  const pg = await shared.startEmbeddedPostgres({ dataDir: dir, settings: { fsync: 'on', max_connections: 300, shared_buffers: '256MB' } });
  return { adminUrl: pg.url(), stop: () => pg.stop() };
}

function machine() {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();
  } catch {
    /* not a checkout */
  }
  return { cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), cpu: os.cpus()[0]?.model ?? 'unknown', commit, node: process.version };
}

function updateMarkdown(results, m) {
  const header =
    '# Benchmarks\n\nRun with `npm run bench` (all) or `npm run bench -- <name>`; `--quick` is a small run that only proves the suite still works. Each benchmark measures its baseline in the same run, so ratios hold on a noisy machine. Latest results first in the table; the full history follows.\n\n';
  let md = existsSync(mdFile) ? readFileSync(mdFile, 'utf8') : header + '<!-- latest:start -->\n<!-- latest:end -->\n\n## History\n';
  const start = md.indexOf('<!-- latest:start -->');
  const end = md.indexOf('<!-- latest:end -->');
  const rows = new Map();
  for (const line of md.slice(start, end).split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length > 6 && cells[1] && cells[1] !== 'benchmark' && !cells[1].startsWith('---')) rows.set(cells[1], line);
  }
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  for (const r of results) {
    if (quick) continue; // quick runs prove the suite runs; they do not update the latest table
    const meets = r.meets === null ? 'report' : r.meets ? 'yes' : '**no**';
    rows.set(
      r.name,
      `| ${r.name} | ${r.baseline} | ${r.target} | ${r.ratio === null ? '—' : r.ratio.toFixed(2) + '×'} | ${meets} | ${r.summary.replace(/\|/g, '/')} | ${date}, ${m.commit} |`,
    );
  }
  const table = ['| benchmark | baseline | target | latest ratio | meets | summary | measured |', '|---|---|---|---|---|---|---|', ...rows.values()].join('\n');
  md = md.slice(0, start) + '<!-- latest:start -->\n' + table + '\n' + md.slice(end);
  const section = [
    '',
    `### ${date} UTC — ${quick ? 'quick run' : 'full run'} — commit ${m.commit}`,
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}. Wall time ${m.wallMinutes.toFixed(1)} min (${results.map((r) => `${r.name} ${Math.round(r.seconds)} s`).join(', ')}).`,
    '',
    ...results.flatMap((r) => [`**${r.name}** (${r.what}; baseline: ${r.baseline}; target: ${r.target}) — ${r.summary}`, '', ...r.details.map((d) => `- ${d}`), '']),
  ].join('\n');
  md = md.trimEnd() + '\n' + section + '\n';
  writeFileSync(mdFile, md);
}

async function main() {
  const started = Date.now();
  execSync('npx tsc -b', { cwd: root, stdio: 'inherit' });
  const names = readdirSync(__dirname, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(__dirname, d.name, 'bench.js')))
    .map((d) => d.name)
    .filter((n) => !only.length || only.includes(n))
    .sort();
  if (!names.length) throw new Error(`no benchmark matches ${only.join(', ')}`);
  const db = await startDatabase();
  const results = [];
  const m = machine();
  try {
    const { Client } = require('pg');
    const pgUrl = (name) => {
      const u = new URL(db.adminUrl);
      if (name) u.pathname = '/' + name;
      return u.toString();
    };
    const createDatabase = async (name) => {
      const c = new Client({ connectionString: db.adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
      await c.end();
      return pgUrl(name);
    };
    for (const name of names) {
      const mod = require(join(__dirname, name, 'bench.js'));
      log(`${name}: ${mod.what}${quick ? ' (quick)' : ''}`);
      const t0 = Date.now();
      const r = await mod.run({ quick, pgUrl, createDatabase, measure, root, log: (s) => log(`  ${name}: ${s}`) });
      const seconds = (Date.now() - t0) / 1000;
      results.push({ name, what: mod.what, baseline: mod.baseline, target: mod.target, seconds, ...r });
      log(`${name}: ${r.summary} (${seconds.toFixed(1)} s)`);
    }
  } finally {
    await db.stop();
  }
  const w = (s, n) => String(s).padEnd(n);
  process.stdout.write(
    '\n' +
      [
        w('benchmark', 16) + w('ratio', 10) + w('meets', 8) + 'summary',
        ...results.map((r) => w(r.name, 16) + w(r.ratio === null ? '—' : r.ratio.toFixed(2) + '×', 10) + w(r.meets === null ? 'report' : r.meets ? 'yes' : 'NO', 8) + r.summary),
      ].join('\n') +
      '\n\n',
  );
  // a quick run proves the suite still runs (CI); only full runs are recorded
  if (quick) return log('quick run: bench/BENCHMARKS.md left unchanged');
  // the wall time (build and database start included) shows the suite fits its 20-minute budget
  m.wallMinutes = (Date.now() - started) / 60000;
  log(`wall time ${m.wallMinutes.toFixed(1)} min`);
  updateMarkdown(results, m);
  log(`results appended to ${mdFile}`);
}

main().catch((e) => {
  process.stderr.write(`[bench] failed: ${e?.stack ?? e}\n`);
  process.exit(1);
});
