import { type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServerResponse } from 'node:http';

/** Where `npm run build` puts the web console (console/dist); CONSOLE_DIR overrides it. */
export function consoleDir(env: NodeJS.ProcessEnv = process.env): string {
  // shared/dist/common or shared/src/common → the repository root
  return resolve(env.CONSOLE_DIR ?? join(__dirname, '..', '..', '..', 'console', 'dist'));
}

/** Paths the console answers: anything but /api…, /docs… and /docs-json. */
const NOT_API = /^\/(?!(api|docs|docs-json)(\/|$))/;

/**
 * The web console at `/` of every server (HQ and each store serve their own copy, so a store's
 * console works while HQ is down). The API under /api and Swagger under /docs stay as they are
 * (an unknown /api path is still a JSON 404); any other GET path gets index.html, so deep links
 * work. Hashed assets are cached for good, index.html never. Nothing is served when the console
 * was not built (an API-only install).
 */
export function consoleModules(env: NodeJS.ProcessEnv = process.env): DynamicModule[] {
  const rootPath = consoleDir(env);
  if (!existsSync(join(rootPath, 'index.html'))) return [];
  return [
    ServeStaticModule.forRoot({
      rootPath,
      // index.html for every GET outside the API and Swagger. Not with `exclude`: serve-static then
      // turns any middleware error on an excluded path (a malformed JSON body's MALFORMED_JSON,
      // a too-large body) into a 404; a render path that never matches them leaves those alone.
      renderPath: NOT_API,
      exclude: [],
      serveStaticOptions: {
        index: 'index.html',
        setHeaders: (res: ServerResponse, path: string) => {
          res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      },
    }),
  ];
}
