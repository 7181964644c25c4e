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

module.exports = { tillProcess, percentile };
