import { compileCrdSchema, formatError } from '../support/crd-schema';

/** Validates `value` as the `spec` of a CRD whose spec schema is `spec`; returns the problems. */
function check(spec: Record<string, unknown>, value: unknown): string[] {
  const validate = compileCrdSchema({ type: 'object', properties: { spec } });
  return validate({ apiVersion: 'example.com/v1', kind: 'X', metadata: { name: 'x' }, spec: value }) ? [] : (validate.errors ?? []).map(formatError);
}

describe('structural schema conversion', () => {
  it('closes objects with properties, including inside arrays and maps', () => {
    const spec = {
      type: 'object',
      properties: {
        list: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } },
        map: { type: 'object', additionalProperties: { type: 'object', properties: { b: { type: 'integer' } } } },
      },
    };
    expect(check(spec, { list: [{ a: 'x' }], map: { k: { b: 1 } } })).toEqual([]);
    expect(check(spec, { list: [{ a: 'x', z: 1 }], map: { k: { b: 1, y: 2 } }, extra: true }).sort()).toEqual([
      'spec.extra: unknown field',
      'spec.list[0].z: unknown field',
      'spec.map.k.y: unknown field',
    ]);
  });

  it('closes a bare `type: object` (the API server prunes everything in it)', () => {
    expect(check({ type: 'object', properties: { empty: { type: 'object' } } }, { empty: { a: 1 } })).toEqual(['spec.empty.a: unknown field']);
  });

  it('keeps x-kubernetes-preserve-unknown-fields objects open but still validates their known properties', () => {
    const spec = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { n: { type: 'integer' } } };
    expect(check(spec, { anything: { deep: [1] }, n: 1 })).toEqual([]);
    expect(check(spec, { n: 'one' })).toEqual(['spec.n: must be integer']);
  });

  it('does not close value-validation subschemas under allOf/anyOf/oneOf', () => {
    const spec = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      oneOf: [{ required: ['a'] }, { required: ['b'] }],
      anyOf: [{ properties: { a: { minLength: 1 } } }, { properties: { b: { minLength: 1 } } }],
    };
    expect(check(spec, { a: 'x' })).toEqual([]);
    expect(check(spec, { a: 'x', b: 'y' })).toContain('spec: must match exactly one schema in oneOf');
  });

  it('accepts int or string for x-kubernetes-int-or-string, nothing else', () => {
    const spec = { type: 'object', properties: { port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } } };
    expect(check(spec, { port: 8080 })).toEqual([]);
    expect(check(spec, { port: 'http' })).toEqual([]);
    expect(check(spec, { port: 1.5 })).toContain('spec.port: must be integer,string');
    expect(check(spec, { port: true })).toContain('spec.port: must be integer,string');
  });

  it('requires apiVersion and kind in x-kubernetes-embedded-resource objects and leaves their metadata open', () => {
    const spec = {
      type: 'object',
      properties: { template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { r: { type: 'integer' } } } } } },
    };
    expect(check(spec, { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { r: 1 } } })).toEqual([]);
    expect(check(spec, { template: { spec: { r: 1 } } })).toEqual([
      "spec.template: must have required property 'apiVersion'",
      "spec.template: must have required property 'kind'",
    ]);
  });

  it('handles nullable, boolean exclusive bounds and list-type set', () => {
    const spec = {
      type: 'object',
      properties: {
        maybe: { type: 'string', nullable: true, enum: ['a'] },
        never: { type: 'string' },
        ratio: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1 },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
      },
    };
    expect(check(spec, { maybe: null, ratio: 0.5, tags: ['a', 'b'] })).toEqual([]);
    expect(check(spec, { never: null })).toEqual(['spec.never: must be string']);
    expect(check(spec, { ratio: 0 })).toEqual(['spec.ratio: must be > 0']);
    expect(check(spec, { tags: ['a', 'a'] })[0]).toMatch(/^spec\.tags: must NOT have duplicate items/);
  });

  it('rejects duplicate keys in x-kubernetes-list-type: map lists, counting a missing key as its default', () => {
    const spec = {
      type: 'object',
      properties: {
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port', 'protocol'],
          items: { type: 'object', properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } } },
        },
      },
    };
    expect(check(spec, { ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] })).toEqual([]);
    expect(check(spec, { ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }, { port: 53, protocol: 'TCP' }] })).toEqual([
      'spec.ports: duplicate entry [2] for key (port=53,protocol="TCP")',
    ]);
  });

  it('checks formats: Go durations, int32 range, date-time; unknown formats are accepted', () => {
    const spec = {
      type: 'object',
      properties: {
        d: { type: 'string', format: 'duration' },
        i: { type: 'integer', format: 'int32' },
        t: { type: 'string', format: 'date-time' },
        u: { type: 'string', format: 'made-up-format' },
      },
    };
    expect(check(spec, { d: '1h30m', i: 5, t: '2026-01-01T00:00:00Z', u: 'anything' })).toEqual([]);
    expect(check(spec, { d: '0' })).toEqual([]);
    expect(check(spec, { d: 'PT1H' })).toEqual(['spec.d: must match format "duration"']);
    expect(check(spec, { i: 2 ** 31 })).toEqual(['spec.i: must match format "int32"']);
    expect(check(spec, { t: 'yesterday' })).toEqual(['spec.t: must match format "date-time"']);
  });

  it('drops patterns that are not valid JavaScript regular expressions instead of failing to compile', () => {
    const spec = { type: 'object', properties: { s: { type: 'string', pattern: '(?i)^abc$' }, ok: { type: 'string', pattern: '^[a-z]+$' } } };
    expect(check(spec, { s: 'ABC', ok: 'abc' })).toEqual([]);
    expect(check(spec, { ok: 'ABC' })).toEqual(['spec.ok: must match pattern "^[a-z]+$"']);
  });
});
