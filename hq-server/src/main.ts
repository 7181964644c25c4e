import 'reflect-metadata';
import { runMain } from '@chain-erp/shared';
import { HQ_SERVER } from './server';

void runMain(HQ_SERVER);
