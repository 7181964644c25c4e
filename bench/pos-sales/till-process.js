/**
 * The parent's side of `tills.js`: one till process for a whole benchmark (its sockets and JIT stay
 * warm between runs). Used by bench/pos-sales and bench/till-during-sync.
 */
const { fork } = require('node:child_process');
const { join } = require('node:path');

function tillProcess() {
  const child = fork(join(__dirname, 'tills.js'), [], { stdio: 'inherit' });
  let pending = null;
  child.on('message', (m) => {
    const p = pending;
    pending = null;
    if (p && m.error) p.reject(new Error(m.error));
    else if (p) p.resolve(m.result);
  });
  child.on('exit', (code) => pending?.reject(new Error(`till process exited with ${code}`)));
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.send(job);
      }),
    close: () => child.kill(),
  };
}

/** The q-th percentile of sorted latencies (nearest rank). */
const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor((q / 100) * sorted.length))];

/** Runs `fn` under the inspector's CPU profiler (this process: a server booted in it) and writes the profile to `file`. */
async function profiled(file, fn) {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  const r = await fn();
  const { profile } = await post('Profiler.stop');
  require('node:fs').writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  return r;
}

module.exports = { tillProcess, percentile, profiled };
