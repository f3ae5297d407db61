import fc from 'fast-check';
import { z } from 'zod';

/** The part of JSON Schema that `z.toJSONSchema` produces for the protocol's client payloads. */
type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
};

/**
 * Values shaped like a payload schema of server/protocol: objects with its
 * keys (required ones always, optional ones sometimes), strings from its
 * pattern or around its length bounds, numbers around its bounds. They are
 * *mostly* valid — `.trim()` and other refinements are ignored and bounds
 * are overstepped by one — which is what a fuzzer wants: many events reach
 * the handlers, and the edges are probed. `hostile` strings (targets, forged
 * tokens, awkward text) are mixed into every string field.
 */
export function arbitraryOf(schema: z.ZodType, hostile: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fromJsonSchema(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, hostile);
}

function fromJsonSchema(schema: JsonSchema, hostile: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((option) => fromJsonSchema(option, hostile)));
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, fromJsonSchema(value, hostile)]));
      return fc.record(model, { requiredKeys: schema.required ?? [] });
    }
    case 'string':
      return fc.oneof({ weight: 3, arbitrary: shapedString(schema) }, { weight: 1, arbitrary: hostile });
    case 'integer':
      return boundedNumber(schema, fc.integer({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6 }));
    case 'number':
      return boundedNumber(schema, fc.double());
    case 'boolean':
      return fc.boolean();
    default:
      return fc.anything({ maxDepth: 2 });
  }
}

/** Strings from the pattern when there is one, else of allowed length, plus strings one past each length bound. */
function shapedString(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 64;
  const length = { minLength: min, maxLength: Math.min(max, 200) };
  const shaped = schema.pattern
    ? fc.stringMatching(new RegExp(schema.pattern))
    : fc.oneof(fc.string({ ...length, unit: 'grapheme-ascii' }), fc.string({ ...length, unit: 'binary' }));
  const edges = fc.constantFrom(min, Math.max(0, min - 1), max, max + 1).map((length) => 'x'.repeat(length));
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: edges });
}

/** Numbers inside the bounds, plus the bounds themselves, one past them, and values JSON turns into null. */
function boundedNumber(schema: JsonSchema, inside: fc.Arbitrary<number>): fc.Arbitrary<number> {
  const edges = [schema.minimum, schema.maximum].filter((n): n is number => n !== undefined).flatMap((n) => [n, n - 1, n + 1]);
  const awkward = fc.constantFrom(0, -0, -1, 0.5, Number.MAX_SAFE_INTEGER + 2, 1e308, Number.NaN, Number.POSITIVE_INFINITY, ...edges);
  return fc.oneof({ weight: 3, arbitrary: inside }, { weight: 1, arbitrary: awkward });
}
