const { startServices } = require('./services');

module.exports = async function globalSetup() {
  const t0 = Date.now();
  const services = await startServices();
  globalThis.__CHAIN_SERVICES__ = services;
  // test workers are spawned after this and inherit the environment
  process.env.TEST_PG_URL = services.pgUrl;
  process.env.TEST_REDIS_URL = services.redisUrl;
  process.env.TEST_TMP_DIR = services.dir;
  process.stderr.write(`\n[test services] PostgreSQL ${services.pgUrl.replace(/:[^:@/]+@/, ':***@')}, Redis ${services.redisUrl} (${Date.now() - t0} ms)\n`);
};
