import 'reflect-metadata';
import { runMain } from '@chain-erp/shared';
import { STORE_SERVER } from './server';

void runMain(STORE_SERVER);
