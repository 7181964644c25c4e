#!/usr/bin/env node
import { Command, Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { readFileSync } from 'node:fs';
import { promptHidden } from './prompt';
import {
  callJson,
  deriveTransferKey,
  fetchHello,
  HttpHqPort,
  HttpStorePort,
  SignedClient,
  STORE_ROUTES,
  SyncEngine,
  type SyncReport,
  TransferCallError,
} from '@chain-erp/shared/transfer';

/** Exit codes: scripts branch on these. */
export const EXIT = { ok: 0, syncErrors: 1, usage: 2, auth: 3, unreachable: 4, notInitialised: 5, failed: 6 } as const;

const AUTH_CODES = /^TRANSFER_(UNSIGNED|BAD_SIGNATURE|KEY_EXPIRED|LOCKED|STORE_REVOKED|UNKNOWN_STORE|OTHER_STORE|STALE_TIMESTAMP|REPLAYED_NONCE)$/;

interface Common {
  store: string;
  json?: boolean;
  passwordEnv?: string;
  passwordFile?: string;
}

/** The password never comes from argv (it would land in shell history and process lists). */
async function readPassword(o: Common): Promise<string> {
  if (o.passwordFile) return readFileSync(o.passwordFile, 'utf8').trim();
  const env = process.env[o.passwordEnv ?? 'TRANSFER_PASSWORD'];
  if (env) return env;
  if (!process.stdin.isTTY) throw new CliError(EXIT.usage, 'no password: set TRANSFER_PASSWORD, use --password-file, or run in a terminal');
  return promptHidden('传输密码 transfer password: ', process.stdin, process.stderr);
}

class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function exitCodeOf(e: unknown): number {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof TransferCallError) {
    if (e.code === 'TRANSFER_HQ_UNREACHABLE') return EXIT.unreachable;
    if (e.code === 'STORE_NOT_INITIALISED') return EXIT.notInitialised;
    if (e.status === 401 || e.status === 403 || e.status === 423) return EXIT.auth;
  }
  return EXIT.failed;
}

/** Both ports over HTTP: HQ from the store's own settings, both signed with the key of the password. */
async function connect(o: Common) {
  const info = await callJson<{ initialised: boolean; storeCode: string | null; hqUrl: string | null }>(o.store, 'GET', STORE_ROUTES.info, undefined);
  if (!info.initialised || !info.storeCode || !info.hqUrl) throw new CliError(EXIT.notInitialised, 'the store is not set up: run `transfer-tool init` first');
  const hello = await fetchHello(info.hqUrl, info.storeCode);
  const key = await deriveTransferKey(await readPassword(o), hello.salt, hello.kdf);
  const hq = new HttpHqPort(new SignedClient({ baseUrl: info.hqUrl, storeCode: info.storeCode, key }));
  const store = new HttpStorePort(new SignedClient({ baseUrl: o.store, storeCode: info.storeCode, key }));
  return { info, hq, store };
}

function output(o: Common, value: unknown, human: () => string): void {
  process.stdout.write(o.json ? JSON.stringify(value, null, 2) + '\n' : human() + '\n');
}

function describeReport(r: SyncReport): string {
  const pushed = Object.entries(r.pushed).map(([s, c]) => `${s}: ${c.stored} stored, ${c.duplicate} already at HQ`);
  const lines = [
    r.ok ? '传输完成 sync finished' : '传输有错误 sync finished with errors',
    ...pushed.map((p) => `  push ${p}`),
    `  pull: ${r.pulled.pages} pages, ${r.pulled.rows} rows, ${r.pulled.removed} removed`,
    r.snapshot ? `  snapshot (${r.snapshot.reason}): ${r.snapshot.rows} rows` : '',
    `  cursor: ${r.cursor ?? '-'}`,
    ...r.errors.map((e) => `  ERROR ${e.stream}: ${e.code} ${e.message}${e.recordId ? ` (record ${e.recordId})` : ''}`),
  ];
  return lines.filter(Boolean).join('\n');
}

async function runSync(o: Common, push: boolean, pull: boolean): Promise<number> {
  const { hq, store } = await connect(o);
  const bar = !o.json && process.stderr.isTTY ? new SingleBar({ format: '{phase} |{bar}| {value} rows', stream: process.stderr }, Presets.shades_classic) : null;
  let started = false;
  const report = await new SyncEngine(hq, store).run({
    push,
    pull,
    onProgress: (p) => {
      if (!bar) return;
      if (!started) bar.start(0, 0, { phase: p.phase });
      started = true;
      bar.setTotal(Math.max(p.done, 1));
      bar.update(p.done, { phase: p.phase });
    },
  });
  bar?.stop();
  output(o, report, () => describeReport(report));
  if (report.ok) return EXIT.ok;
  if (report.errors.some((e) => AUTH_CODES.test(e.code))) return EXIT.auth;
  if (report.errors.some((e) => e.code === 'TRANSFER_HQ_UNREACHABLE')) return EXIT.unreachable;
  return EXIT.syncErrors;
}

export function buildProgram(): Command {
  const program = new Command('transfer-tool').description('传输工具 — syncs a store server with HQ').version('0.1.0').exitOverride();
  const common = (c: Command) =>
    c
      .requiredOption('--store <url>', 'the store server, e.g. http://127.0.0.1:3101')
      .option('--json', 'machine-readable output')
      .addOption(new Option('--password-env <name>', 'environment variable holding the transfer password').default('TRANSFER_PASSWORD'))
      .option('--password-file <path>', 'file holding the transfer password');
  const action = (fn: (o: Common & Record<string, string>) => Promise<number>) => async (o: Common & Record<string, string>) => {
    try {
      process.exitCode = await fn(o);
    } catch (e) {
      const code = exitCodeOf(e);
      const body = { ok: false, code: (e as { code?: string }).code ?? 'ERROR', message: (e as Error).message };
      if (o.json) process.stdout.write(JSON.stringify(body) + '\n');
      else process.stderr.write(`transfer-tool: ${body.code}: ${body.message}\n`);
      process.exitCode = code;
    }
  };

  common(program.command('init').description('门店系统初始化: link the store to HQ and run the first sync'))
    .option('--hq <url>', 'HQ address')
    .option('--store-code <code>', 'store code')
    .requiredOption('--warehouse <code>', 'the store’s selling warehouse')
    .option('--setup-code-file <path>', 'one-time setup code from HQ (instead of HQ address, store code and password)')
    .action(
      action(async (o) => {
        const setupCode = o.setupCodeFile ? readFileSync(o.setupCodeFile, 'utf8').trim() : undefined;
        const body = setupCode
          ? { setupCode, warehouseCode: o.warehouse }
          : { hqUrl: o.hq, storeCode: o.storeCode, warehouseCode: o.warehouse, transferPassword: await readPassword(o) };
        const res = await callJson<{ storeCode: string; hqUrl: string; firstSync: SyncReport }>(o.store, 'POST', '/api/setup', body);
        output(o, res, () => `store ${res.storeCode} set up against ${res.hqUrl}\n${describeReport(res.firstSync)}`);
        return res.firstSync.ok ? EXIT.ok : EXIT.syncErrors;
      }),
    );
  common(program.command('sync').description('push the outbox, then pull from HQ')).action(action((o) => runSync(o, true, true)));
  common(program.command('push').description('push the outbox only')).action(action((o) => runSync(o, true, false)));
  common(program.command('pull').description('pull from HQ only')).action(action((o) => runSync(o, false, true)));
  common(program.command('status').description('per stream: cursor, last contact, backlog, last error')).action(
    action(async (o) => {
      const { info, store } = await connect(o);
      const streams = await store.status();
      const locks = streams
        .map((s) => s.lockedUntil)
        .filter((l): l is string => !!l)
        .sort();
      const hqLockedUntil = locks.length ? locks[locks.length - 1] : null;
      output(o, { storeCode: info.storeCode, hqUrl: info.hqUrl, hqLockedUntil, streams }, () =>
        [
          `store ${info.storeCode} → HQ ${info.hqUrl}`,
          hqLockedUntil
            ? `  LOCKED: HQ refuses this store's address until ${hqLockedUntil} after failed signatures (wrong transfer password?): wait, or ask HQ to reinstate the store / 总部已锁定本店地址`
            : '',
          ...streams.map(
            (s) =>
              `  ${s.direction.padEnd(4)} ${s.stream.padEnd(20)} cursor ${s.cursor ?? '-'}  backlog ${s.backlog < 0 ? '(at HQ)' : s.backlog}  last contact ${s.lastContactAt ?? 'never'}${s.lastError ? `  ERROR ${s.lastError}` : ''}${s.blockedRecordId ? ` (record ${s.blockedRecordId})` : ''}`,
          ),
        ]
          .filter(Boolean)
          .join('\n'),
      );
      if (hqLockedUntil) return EXIT.auth;
      return streams.some((s) => s.lastError) ? EXIT.syncErrors : EXIT.ok;
    }),
  );
  return program;
}

/** Runs the CLI on `argv` (process.argv): the bin (bin/transfer-tool.js) and `node dist/main.js` both come here. */
export function runCli(argv: string[] = process.argv): Promise<void> {
  return buildProgram()
    .parseAsync(argv)
    .then(
      () => undefined,
      (e: { exitCode?: number; code?: string }) => {
        // commander's own usage errors (already printed)
        process.exitCode = e?.code === 'commander.helpDisplayed' || e?.code === 'commander.version' ? 0 : EXIT.usage;
      },
    );
}

if (require.main === module) void runCli();
