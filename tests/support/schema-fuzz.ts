import fc from 'fast-check';

/**
 * Generated input from JSON Schema (the OpenAPI document's): valid values to start from, and the ways to make one
 * place of a value invalid (wrong type, past a bound, off the pattern or enum, a required field missing, deeply
 * nested). Each invalid value carries the path of the field at fault, which the 400 problem must name.
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  nullable?: boolean;
};

export type Path = (string | number)[];
export const REMOVE = Symbol('remove');
export interface Mutation {
  path: Path;
  value: unknown;
  kind: string;
}

export function resolver(components: Record<string, JsonSchema>) {
  return function resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    while (current.$ref) current = components[current.$ref.replace('#/components/schemas/', '')] ?? {};
    return current;
  };
}

/** JSON text nested `depth` levels deep (built as text: JSON.stringify of such a value overflows the stack). */
export const deeplyNestedText = (depth: number): string => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
/** A JSON value nested `depth` levels deep. */
export const deeplyNested = (depth: number): unknown => JSON.parse(deeplyNestedText(depth));

const letters = fc.constantFrom(...'abcdefghijkmnopqrstuvwxyzABCDEFGH0123456789');

/** Valid values of a schema, kept small (short arrays, small numbers) so refinements like totals hold. */
export function valueOf(schema: JsonSchema, resolve: (s: JsonSchema) => JsonSchema): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const branches = s.oneOf ?? s.anyOf;
  if (branches) return fc.oneof(...branches.map((b) => valueOf(b, resolve)));
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string': {
      if (s.format === 'date-time') return fc.date({ min: new Date('2025-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (s.format === 'email') return fc.constantFrom('ada@example.com', 'grace.hopper@example.org');
      const min = s.minLength ?? 0;
      const max = Math.min(s.maxLength ?? 24, Math.max(min, 24));
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity));
      return fc.string({ unit: letters, minLength: Math.max(min, 1), maxLength: Math.max(max, 1) });
    }
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
      return fc.integer({ min, max: Math.min(s.maximum ?? min + 1000, min + 1000) });
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const min = s.minItems ?? 0;
      return fc.array(valueOf(s.items ?? {}, resolve), { minLength: min, maxLength: Math.min(s.maxItems ?? min + 2, min + 2) });
    }
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueOf(v, resolve)]));
      const record = fc.record(shape, { requiredKeys: [...required].filter((k) => k in props) }).map((v) => ({ ...v }));
      if (typeof s.additionalProperties === 'object') {
        return fc.tuple(record, fc.dictionary(fc.string({ unit: letters, minLength: 1, maxLength: 8 }), valueOf(s.additionalProperties, resolve), { maxKeys: 2 })).map(([a, b]) => ({ ...b, ...a }));
      }
      return record;
    }
    default:
      return fc.constant('x');
  }
}

const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value);

/** The JSON types a schema accepts (an integer is also a number). */
function acceptedTypes(s: JsonSchema, resolve: (s: JsonSchema) => JsonSchema): Set<string> | undefined {
  const branches = s.oneOf ?? s.anyOf;
  if (branches) {
    const sets = branches.map((b) => acceptedTypes(resolve(b), resolve));
    if (sets.some((t) => !t)) return undefined;
    return new Set(sets.flatMap((t) => [...t!]));
  }
  if (s.enum || s.const !== undefined) return new Set((s.enum ?? [s.const]).map(typeOf).flatMap((t) => (t === 'integer' ? ['integer', 'number'] : [t])));
  if (!s.type) return undefined;
  const types = new Set(Array.isArray(s.type) ? s.type : [s.type]);
  if (s.nullable) types.add('null');
  return types;
}

const accepts = (types: Set<string>, value: unknown) => {
  const t = typeOf(value);
  return types.has(t) || (t === 'integer' && types.has('number'));
};

/** Strings that break a pattern, chosen among a few kinds (leading punctuation, spaces, non-ASCII, too long). */
export function offPattern(pattern: string): string | undefined {
  const regex = new RegExp(pattern);
  return ['!bad', 'has space', 'ümlaut', 'x'.repeat(300), '-', '..', 'a/b', ''].find((candidate) => !regex.test(candidate));
}

/** The branch of a oneOf/anyOf a generated value came from: its required keys present and its enums matched. */
function branchOf(branches: JsonSchema[], value: unknown, resolve: (s: JsonSchema) => JsonSchema): JsonSchema | undefined {
  return branches.map(resolve).find((b) => {
    if (!b.properties || typeOf(value) !== 'object') return accepts(acceptedTypes(b, resolve) ?? new Set(), value);
    const object = value as Record<string, unknown>;
    return (b.required ?? []).every((k) => k in object) && Object.entries(b.properties).every(([k, p]) => !(k in object) || !resolve(p).enum || resolve(p).enum!.includes(object[k]));
  });
}

/** Every way to make `value` (valid for `schema`) invalid at one place. */
export function mutationsOf(schema: JsonSchema, value: unknown, resolve: (s: JsonSchema) => JsonSchema, path: Path = []): Mutation[] {
  const s = resolve(schema);
  const out: Mutation[] = [];
  const types = acceptedTypes(s, resolve);
  if (types) {
    for (const candidate of ['text', 12345, 1.5, true, null, {}, [], deeplyNested(64)]) {
      if (!accepts(types, candidate)) out.push({ path, value: candidate, kind: `wrong type (${typeOf(candidate)})` });
    }
  }
  const branches = s.oneOf ?? s.anyOf;
  if (branches) {
    const branch = branchOf(branches, value, resolve);
    // The branch's own wrong-type values at this place are the union's, already listed.
    const inside = branch ? mutationsOf(branch, value, resolve, path).filter((m) => m.path.length > path.length || !m.kind.startsWith('wrong type')) : [];
    return [...out, ...inside];
  }
  if (typeof value === 'string') {
    if (s.maxLength !== undefined) out.push({ path, value: 'x'.repeat(s.maxLength + 1), kind: 'past maxLength' });
    if (s.minLength) out.push({ path, value: '', kind: 'past minLength' });
    if (s.pattern) {
      const off = offPattern(s.pattern);
      if (off !== undefined) out.push({ path, value: off, kind: 'off pattern' });
    }
    if (s.enum) out.push({ path, value: 'not_one_of_them', kind: 'off enum' });
    if (s.format === 'date-time') out.push({ path, value: '2026-13-45T25:61:00Z', kind: 'off format' });
    if (s.format === 'email') out.push({ path, value: 'not-an-email', kind: 'off format' });
  }
  if (typeof value === 'number') {
    if (s.maximum !== undefined) out.push({ path, value: s.maximum + 1, kind: 'past maximum' });
    if (s.minimum !== undefined) out.push({ path, value: s.minimum - 1, kind: 'past minimum' });
    if (s.exclusiveMinimum !== undefined) out.push({ path, value: s.exclusiveMinimum, kind: 'past exclusiveMinimum' });
    if (typeOf(value) === 'integer' && types?.has('integer') && !types.has('number')) out.push({ path, value: value + 0.5, kind: 'not an integer' });
    out.push({ path, value: 1e308, kind: 'past maximum (huge)' });
  }
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > 0) out.push({ path, value: Array.from({ length: s.maxItems + 1 }, (_, i) => value[i % value.length]), kind: 'past maxItems' });
    if (s.minItems) out.push({ path, value: [], kind: 'past minItems' });
    value.forEach((item, i) => out.push(...mutationsOf(s.items ?? {}, item, resolve, [...path, i])));
  } else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (key in object) out.push({ path: [...path, key], value: REMOVE, kind: 'required field missing' });
    if (s.additionalProperties === false) out.push({ path: [...path, 'unexpected_key'], value: 1, kind: 'unknown key in a strict object' });
    for (const [key, sub] of Object.entries(s.properties ?? {})) if (key in object) out.push(...mutationsOf(sub, object[key], resolve, [...path, key]));
  }
  return out;
}

/** A copy of `value` with the mutation applied. */
export function applyMutation(value: unknown, mutation: Mutation): unknown {
  if (mutation.path.length === 0) return mutation.value;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of mutation.path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = mutation.path.at(-1)!;
  if (mutation.value === REMOVE) delete parent[last];
  else parent[last] = mutation.value;
  return copy;
}

/** Whether an `errors[].field` of a problem names the mutated place: the field, a field inside it, or the one holding it. */
export function names(field: string, path: Path): boolean {
  const target = path.join('.');
  if (target === '') return field === '(root)' || field === '(body)';
  return field === target || target.startsWith(`${field}.`) || field.startsWith(`${target}.`);
}

/** Every path of a JSON value with the value there (for provider payloads that have no schema in the document). */
export function pathsOf(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  const here = [{ path, value }];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => pathsOf(item, [...path, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...path, k]))];
  return here;
}
