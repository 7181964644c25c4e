import { Controller, Get, type INestApplication, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { promoteHotRoutes } from './hot-routes';

@Controller('api/a')
class FirstController {
  @Get('list')
  list() {
    return { by: 'list' };
  }
  @Post(':id')
  byId(@Param('id') id: string) {
    return { by: 'param', id };
  }
}

@Controller('api')
class LaterController {
  @Post('a/fixed')
  shadowed() {
    return { by: 'shadowed' };
  }
  @Get('b/sales')
  salesList() {
    return { by: 'get-sales' };
  }
  @Post('b/sales')
  sell() {
    return { by: 'sell' };
  }
}

@Module({ controllers: [FirstController, LaterController] })
class HotRoutesSpecModule {}

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle: unknown };
type Next = () => void;
type Res = { setHeader(n: string, v: string): void };

describe('promoteHotRoutes (the till sale matched first among the routes)', () => {
  let app: INestApplication;
  let stack: Layer[];
  const before = (_req: unknown, res: Res, next: Next) => (res.setHeader('X-Before', 'ran'), next());
  const among = (_req: unknown, res: Res, next: Next) => (res.setHeader('X-Among', 'ran'), next());
  const at = (fn: unknown) => stack.findIndex((l) => l.handle === fn);
  const routeIndex = (path: string, method: string) => stack.findIndex((l) => l.route?.path === path && l.route.methods[method]);
  const firstRoute = () => stack.findIndex((l) => l.route);

  beforeAll(async () => {
    app = await NestFactory.create(HotRoutesSpecModule, { logger: false });
    app.use(before);
    await app.init();
    const express = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] }; use(fn: unknown): void };
    stack = express.router.stack;
    // a middleware among the routes (as a path-mounted one can be): before GET /api/b/sales, the route before the hot one
    express.use(among);
    const [layer] = stack.splice(stack.length - 1, 1);
    stack.splice(routeIndex('/api/b/sales', 'get'), 0, layer);
    // POST /api/a/:id ahead of POST /api/a/fixed, whatever order Nest registered them in: it shadows it
    const [param] = stack.splice(routeIndex('/api/a/:id', 'post'), 1);
    stack.splice(routeIndex('/api/a/fixed', 'post'), 0, param);
  });
  afterAll(() => app.close());

  it('moves a fixed route up to the first route place, never past a middleware, and leaves a shadowed one where it is', async () => {
    expect(at(before)).toBeLessThan(firstRoute());
    expect(routeIndex('/api/b/sales', 'post')).toBeGreaterThan(firstRoute());
    const moved = promoteHotRoutes(app, [
      { method: 'POST', path: '/api/b/sales' },
      // POST /api/a/:id serves this path first: moving the later route would change who answers
      { method: 'POST', path: '/api/a/fixed' },
      { method: 'POST', path: '/api/none' },
    ]);
    expect(moved).toEqual([{ method: 'POST', path: '/api/b/sales' }]);
    // up to the middleware among the routes, not past it
    expect(routeIndex('/api/b/sales', 'post')).toBe(at(among) + 1);
    // without that middleware: up to the first route place
    stack.splice(at(among), 1);
    promoteHotRoutes(app, [{ method: 'POST', path: '/api/b/sales' }]);
    expect(routeIndex('/api/b/sales', 'post')).toBe(firstRoute());
    expect(at(before)).toBeLessThan(firstRoute());
    expect(routeIndex('/api/a/fixed', 'post')).toBeGreaterThan(routeIndex('/api/a/:id', 'post'));
  });

  it('every request is answered by the same handler as before, with the middleware run', async () => {
    const http = () => request(app.getHttpServer());
    const sell = await http().post('/api/b/sales');
    expect([sell.status, sell.body, sell.headers['x-before']]).toEqual([201, { by: 'sell' }, 'ran']);
    expect((await http().post('/api/b/sales/')).body).toEqual({ by: 'sell' });
    expect((await http().get('/api/b/sales')).body).toEqual({ by: 'get-sales' });
    expect((await http().post('/api/a/fixed')).body).toEqual({ by: 'param', id: 'fixed' });
    expect((await http().get('/api/a/list')).body).toEqual({ by: 'list' });
  });

  it('refuses a path with parameters (its matches are not one path)', () => {
    expect(() => promoteHotRoutes(app, [{ method: 'POST', path: '/api/a/:id' }])).toThrow(/fixed paths only/);
  });
});
