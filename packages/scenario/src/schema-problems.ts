import type { ErrorObject, ValidateFunction } from 'ajv';
import { didYouMeanHint } from './did-you-mean.js';
import { validate as validateScenario } from './generated/scenario-validator.js';
import { quote, type ScenarioProblem } from './scenario-error.js';
import { SCENARIO_JSON_SCHEMA } from './scenario-json-schema.js';
import { DURATION_PATTERN, PATTERN_FORMS } from './scenario-patterns.js';
import type { RawScenario } from './scenario-schema.js';
import { displayPath, type ScenarioPath, type ScenarioSource } from './scenario-source.js';

type SchemaNode = {
  readonly type?: string | readonly string[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly patternProperties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly discriminator?: { readonly propertyName: string };
  readonly pattern?: string;
  readonly description?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly maxProperties?: number;
};

// The validator is compiled ahead of time (generated/scenario-validator.js, from
// validator-source.ts): compiling the schema with Ajv at start-up took ~0.3 s of every run.
const validator = (): ValidateFunction<RawScenario> =>
  validateScenario as ValidateFunction<RawScenario>;

/**
 * Checks parsed data against the published JSON Schema ({@link SCENARIO_JSON_SCHEMA}); every failure becomes one problem with its
 * position, the offending key or value, and what is allowed. An empty list means `data` is a
 * {@link RawScenario}.
 */
export function findSchemaProblems(source: ScenarioSource): ScenarioProblem[] {
  const validate = validator();
  if (validate(source.data)) return [];
  // A missing or non-text tag is already a `required` or `type` error.
  const errors = relevantErrors(validate.errors ?? []).filter(
    (error) => !(error.keyword === 'discriminator' && error.params.error === 'tag'),
  );
  return errors.map((error) => toProblem(error, source));
}

/**
 * Ajv reports every branch of an `anyOf`. When the value's JSON type picks exactly one branch
 * (a map where a map or a duration is allowed), only that branch's errors are kept; otherwise the
 * branches' errors give way to the one `anyOf` error ("is not an address").
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const unions = errors
    .filter((error) => error.keyword === 'anyOf')
    .map((error) => {
      const branches = (error.schema ?? []) as readonly SchemaNode[];
      const matching = branches.flatMap((branch, index) =>
        accepts(branch, error.data) ? [index] : [],
      );
      return { error, chosen: matching.length === 1 ? matching[0] : undefined };
    });
  return errors.filter((error) =>
    unions.every(({ error: union, chosen }) => {
      if (error === union) return chosen === undefined;
      const prefix = `${union.schemaPath}/`;
      if (!error.schemaPath.startsWith(prefix)) return true;
      if (!error.instancePath.startsWith(union.instancePath)) return true;
      return chosen !== undefined && error.schemaPath.startsWith(`${prefix}${chosen}/`);
    }),
  );
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function accepts(schema: SchemaNode, value: unknown): boolean {
  const actual = jsonType(value);
  if (schema.type !== undefined) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
    return types.some((type) => type === actual || (type === 'integer' && actual === 'number'));
  }
  if (schema.const !== undefined) return jsonType(schema.const) === actual;
  if (schema.anyOf !== undefined) return schema.anyOf.some((branch) => accepts(branch, value));
  return true;
}

function pathOf(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(?:0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

/**
 * How a failing value is shown: as it was written when it is a number JavaScript cannot hold
 * exactly (`9007199254740993` reads as …992, `1e400` as Infinity), else as the data.
 */
function preview(value: unknown, written?: string): string {
  if (typeof value === 'number' && written !== undefined && !Number.isSafeInteger(value))
    return written;
  if (typeof value === 'string') {
    return quote(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'a map';
  return String(value);
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'a map (key: value)',
  array: 'a list',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'nothing (null)',
};

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((one) => TYPE_WORDS[String(one)] ?? String(one)).join(' or ');
}

function describeValue(value: unknown, written?: string): string {
  const type = jsonType(value);
  if (type === 'string') return `text ${preview(value, written)}`;
  if (type === 'number') return `the number ${preview(value, written)}`;
  if (type === 'boolean') return String(value);
  if (type === 'null') return 'empty';
  return TYPE_WORDS[type] ?? type;
}

/** The noun phrase of a union's description: `an IPv4 or IPv6 address such as …` → `an IPv4 or IPv6 address`. */
function nounOf(description: string | undefined): string {
  if (description === undefined) return 'accepted here';
  const cut = description.search(/:| such as | \(/);
  return cut === -1 ? description : description.slice(0, cut);
}

function constValues(branches: readonly SchemaNode[]): string[] | undefined {
  if (branches.length === 0 || branches.some((branch) => branch.const === undefined))
    return undefined;
  return branches.map((branch) => String(branch.const));
}

function tagValues(schema: SchemaNode, tag: string): string[] {
  return (schema.oneOf ?? []).map((variant) => String(variant.properties?.[tag]?.const));
}

function label(path: ScenarioPath): string {
  return path.length === 0 ? 'the scenario' : displayPath(path);
}

function rangeText(schema: SchemaNode): string {
  const low = schema.minimum ?? schema.exclusiveMinimum;
  const lowWord = schema.exclusiveMinimum !== undefined ? 'above' : 'from';
  if (low !== undefined && schema.maximum !== undefined) {
    return `${lowWord} ${low} to ${schema.maximum}`;
  }
  if (low !== undefined)
    return schema.exclusiveMinimum !== undefined ? `above ${low}` : `${low} or more`;
  return `at most ${schema.maximum}`;
}

function toProblem(error: ErrorObject, source: ScenarioSource): ScenarioProblem {
  const path = pathOf(error.instancePath);
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  const made = describeError(error, path, parent, source.sourceText(path));
  const at = source.locate(made.path ?? path, { key: made.key === true });
  return {
    file: source.file,
    ...at,
    path: displayPath(made.path ?? path),
    message: made.message,
    ...(made.allowed === undefined ? {} : { allowed: made.allowed }),
  };
}

interface Described {
  readonly message: string;
  readonly allowed?: string;
  /** Where to point, when not at the failing value itself. */
  readonly path?: ScenarioPath;
  /** Point at the key rather than its value. */
  readonly key?: boolean;
}

function describeError(
  error: ErrorObject,
  path: ScenarioPath,
  parent: SchemaNode,
  written: string | undefined,
): Described {
  const params = error.params as Record<string, unknown>;
  const where = label(path);
  const value = error.data;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys(parent.properties ?? {});
      const patterns = Object.keys(parent.patternProperties ?? {});
      const allowed =
        known.length > 0
          ? known.join(', ')
          : patterns.map((pattern) => PATTERN_FORMS[pattern]?.form ?? pattern).join('; ');
      // `{ note: a, b }` makes `b` a key: the usual way a flow map grows a key with spaces.
      const comma = /\s/.test(key) ? ' (text with a comma inside { … } needs quotes)' : '';
      return {
        message: `unknown key ${quote(key)} in ${where}${didYouMeanHint(key, known)}${comma}`,
        allowed,
        path: [...path, key],
        key: true,
      };
    }
    case 'required': {
      const key = String(params.missingProperty);
      const tag = parent.discriminator?.propertyName;
      const allowed =
        tag === key
          ? `${key}: one of ${tagValues(parent, key).join(', ')}`
          : `required keys: ${(parent.required ?? []).join(', ')}`;
      return {
        message: `missing required key ${quote(key)}${path.length === 0 ? '' : ` in ${where}`}`,
        allowed,
      };
    }
    case 'discriminator': {
      const tag = String(params.tag);
      const values = tagValues(parent, tag);
      const tagValue = params.tagValue;
      const text = typeof tagValue === 'string' ? tagValue : String(tagValue);
      return {
        message: `${label([...path, tag])}: ${preview(tagValue)} is not one of the ${tag} values${didYouMeanHint(text, values)}`,
        allowed: values.join(', '),
        path: [...path, tag],
      };
    }
    case 'type': {
      const pattern = parent.pattern;
      const form = pattern === undefined ? undefined : PATTERN_FORMS[pattern]?.form;
      const expected = typeWords(params.type);
      const unit =
        pattern === DURATION_PATTERN && typeof value === 'number'
          ? ` (write it with a unit, e.g. ${value}s)`
          : '';
      return {
        message: `${where} must be ${form === undefined ? expected : nounOf(form)}, not ${describeValue(value, written)}${unit}`,
        allowed: form ?? expected,
      };
    }
    case 'pattern': {
      const form = PATTERN_FORMS[String(params.pattern)];
      return {
        message: `${where}: ${preview(value, written)} is not ${form?.noun ?? 'in the expected form'}`,
        allowed: form?.form ?? `text matching ${String(params.pattern)}`,
      };
    }
    case 'anyOf': {
      const branches = (error.schema ?? []) as readonly SchemaNode[];
      const options = constValues(branches);
      if (options !== undefined) {
        const hint = typeof value === 'string' ? didYouMeanHint(value, options) : '';
        return {
          message: `${where}: ${preview(value, written)} is not one of the allowed values${hint}`,
          allowed: options.join(', '),
        };
      }
      // `at: 1200` is a number where a duration (or a date-time) goes: say which unit is missing.
      const unit =
        typeof value === 'number' && branches.some((branch) => branch.pattern === DURATION_PATTERN)
          ? ` (write it with a unit, e.g. ${preview(value, written)}s)`
          : '';
      return {
        message: `${where}: ${preview(value, written)} is not ${nounOf(parent.description)}${unit}`,
        allowed: parent.description ?? 'see the schema',
      };
    }
    case 'enum':
    case 'const': {
      const options =
        error.keyword === 'enum'
          ? ((params.allowedValues ?? []) as unknown[]).map(String)
          : [String(params.allowedValue)];
      const hint = typeof value === 'string' ? didYouMeanHint(value, options) : '';
      return {
        message: `${where}: ${preview(value, written)} is not one of the allowed values${hint}`,
        allowed: options.join(', '),
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        message: `${where} is ${preview(value, written)}, ${error.keyword.includes('inimum') ? 'below' : 'above'} the ${error.keyword.includes('inimum') ? 'lowest' : 'highest'} allowed value`,
        allowed: rangeText(parent),
      };
    case 'minItems':
      return {
        message: `${where} has ${(value as unknown[]).length} item(s); it needs at least ${String(params.limit)}`,
        allowed: `at least ${String(params.limit)} item(s)`,
      };
    case 'maxItems':
      return {
        message: `${where} has ${(value as unknown[]).length} items, more than mqsim can simulate`,
        allowed: `at most ${String(params.limit)} items (a scenario limit)`,
      };
    case 'minLength':
      return {
        message: `${where} is empty`,
        allowed: `at least ${String(params.limit)} character(s)`,
      };
    case 'maxLength':
      return {
        message: `${where} is ${(value as string).length} characters long`,
        allowed: `at most ${String(params.limit)} characters`,
      };
    case 'minProperties': {
      const keys = Object.keys(parent.properties ?? {});
      return { message: `${where} is empty`, allowed: `one of ${keys.join(', ')}` };
    }
    case 'maxProperties': {
      const keys = Object.keys((value ?? {}) as object);
      if (parent.maxProperties === 1) {
        return {
          message: `${where} has ${keys.length} checks (${keys.join(', ')}); an expectation checks one thing, so write one item each`,
          allowed: `one of ${Object.keys(parent.properties ?? {}).join(', ')}`,
        };
      }
      return {
        message: `${where} has ${keys.length} entries`,
        allowed: `at most ${String(params.limit)}`,
      };
    }
    case 'format':
      return {
        message: `${where}: ${preview(value, written)} is not ${String(params.format)}`,
        allowed: String(params.format),
      };
    default:
      return { message: `${where} ${error.message ?? 'is not valid'}` };
  }
}
