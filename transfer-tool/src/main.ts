#!/usr/bin/env node
import { Command } from 'commander';

const program = new Command('transfer-tool')
  .description('传输工具 — syncs a store server with HQ')
  .version('0.1.0');

program.parse();
