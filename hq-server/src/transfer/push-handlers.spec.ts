import 'reflect-metadata';
import { PUSH_STREAMS } from '@chain-erp/shared';
import { IsString } from 'class-validator';
import { PushHandlerRegistry } from './push-handlers';

class Body {
  @IsString()
  text: string;
}

const handlerFor = (stream: string) => ({ stream, dto: Body, process: async () => undefined });

describe('PushHandlerRegistry at start-up', () => {
  it('fails when a declared push stream has no HQ handler, naming it', () => {
    const registry = new PushHandlerRegistry();
    for (const s of PUSH_STREAMS.slice(1)) registry.register(handlerFor(s.name));
    expect(() => registry.onApplicationBootstrap()).toThrow(`no HQ handler for push stream(s): ${PUSH_STREAMS[0].name}`);
  });

  it('fails when a handler names a stream PUSH_STREAMS does not declare', () => {
    const registry = new PushHandlerRegistry();
    for (const s of PUSH_STREAMS) registry.register(handlerFor(s.name));
    registry.register(handlerFor('pos.sael'));
    expect(() => registry.onApplicationBootstrap()).toThrow('push handler(s) for undeclared stream(s): pos.sael');
  });

  it('starts when every declared stream has exactly one handler', () => {
    const registry = new PushHandlerRegistry();
    for (const s of PUSH_STREAMS) registry.register(handlerFor(s.name));
    expect(() => registry.onApplicationBootstrap()).not.toThrow();
    expect(() => registry.register(handlerFor(PUSH_STREAMS[0].name))).toThrow('has two handlers');
  });
});
