module.exports = async function globalTeardown() {
  await globalThis.__CHAIN_SERVICES__?.stop();
};
