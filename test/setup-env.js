require('reflect-metadata');
// Servers under test log nothing unless asked (LOG_LEVEL=debug npm test).
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
if (!process.env.TEST_LOG_LEVEL) require('@nestjs/common').Logger.overrideLogger(false);
