require('reflect-metadata');
// Servers under test log nothing unless asked (LOG_LEVEL=debug npm test).
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
if (!process.env.TEST_LOG_LEVEL) require('@nestjs/common').Logger.overrideLogger(false);
// Property tests (fast-check) draw a new seed each run; FC_SEED=<seed> replays a reported failure.
if (process.env.FC_SEED) require('fast-check').configureGlobal({ seed: Number(process.env.FC_SEED) });
