import type { JsonSchema } from './json-schema-of.ts';

const MAX_DEPTH = 3;

/**
 * A JSON Schema as a short TypeScript-like text for the reference tables:
 * `{ room: string (1–64), displayName?: string }`, `"a" | "b"`, `int ≥ 0`,
 * `ChatMessage[]`. Nested objects past three levels show as `{…}`.
 */
export function typeText(schema: JsonSchema, depth = 0): string {
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').pop() ?? 'object';
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union) return union.map((member) => typeText(member, depth)).join(' \\| ');
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' \\| ');
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  return types.map((type) => single(schema, type, depth)).join(' \\| ');
}

function single(schema: JsonSchema, type: string | undefined, depth: number): string {
  switch (type) {
    case 'object':
      return objectText(schema, depth);
    case 'array':
      return `${wrap(typeText((schema.items as JsonSchema | undefined) ?? {}, depth))}[]`;
    case 'string':
      return `string${range(schema.minLength, schema.maxLength)}`;
    case 'integer':
    case 'number':
      return `${type === 'integer' ? 'int' : 'number'}${typeof schema.exclusiveMinimum === 'number' ? ` > ${schema.exclusiveMinimum}` : ''}${range(bound(schema.minimum), bound(schema.maximum))}`;
    case 'boolean':
    case 'null':
      return type;
    default:
      return 'any';
  }
}

function objectText(schema: JsonSchema, depth: number): string {
  const properties = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>);
  if (properties.length === 0) return schema.additionalProperties ? 'object' : '{}';
  if (depth >= MAX_DEPTH) return '{…}';
  const required = new Set((schema.required ?? []) as string[]);
  const fields = properties.map(([name, field]) => `${name}${required.has(name) ? '' : '?'}: ${typeText(field, depth + 1)}`);
  return `{ ${fields.join(', ')} }`;
}

/** A bound, unless it is only JavaScript's safe-integer limit. */
const bound = (value: unknown) => (typeof value === 'number' && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined);

/** An array's item type in parentheses, unless it is one word or one object. */
const wrap = (text: string) => (!text.includes(' ') || (text.startsWith('{') && text.endsWith('}') && !text.includes(' \\| ')) ? text : `(${text})`);

function range(min: unknown, max: unknown): string {
  if (typeof min === 'number' && typeof max === 'number') return ` (${min}–${max})`;
  if (typeof min === 'number') return ` ≥ ${min}`;
  if (typeof max === 'number') return ` ≤ ${max}`;
  return '';
}
