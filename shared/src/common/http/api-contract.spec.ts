import type { OpenAPIObject } from '@nestjs/swagger';
import { finishOpenApiDocument } from './api-contract';

describe('finishOpenApiDocument', () => {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const document = (): OpenAPIObject => ({
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/a': { get: { responses: { 200: { description: '', content: { 'application/json': { schema: ref('Answer') } } } } } },
    },
    components: {
      schemas: {
        Answer: { type: 'object', properties: { rules: { oneOf: [ref('ShapeOne'), ref('ShapeTwo')] }, counts: { type: 'object', additionalProperties: ref('Counts') } } },
        ShapeOne: { type: 'object', properties: { scope: ref('Scope') } },
        ShapeTwo: { type: 'object', properties: { n: { type: 'integer' } } },
        Scope: { type: 'object', properties: { ids: { type: 'array', items: { type: 'string' } } } },
        Counts: { type: 'object', properties: { stored: { type: 'integer' } } },
        // an extra model of the other server's answers (`@ApiSchemaModels`): nothing here names it
        OtherServersShape: { type: 'object', properties: { scope: ref('OtherScope') } },
        OtherScope: { type: 'object', properties: { x: { type: 'string' } } },
        ErrorResponse: { type: 'object', properties: { code: { type: 'string' } } },
      },
    },
  });

  it('keeps every schema an answer reaches (through oneOf, maps and nesting) and drops the others', () => {
    const doc = finishOpenApiDocument(document(), []);
    expect(Object.keys(doc.components!.schemas!).sort()).toEqual(['Answer', 'Counts', 'Scope', 'ShapeOne', 'ShapeTwo']);
  });

  it('keeps the error schema once a route answers an error', () => {
    const doc = document();
    doc.paths['/b'] = { get: { parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }], responses: { 200: { description: '' } } } };
    const done = finishOpenApiDocument(doc, []);
    expect(Object.keys(done.components!.schemas!)).toContain('ErrorResponse');
    expect(Object.keys(done.components!.schemas!)).not.toContain('OtherServersShape');
  });
});
