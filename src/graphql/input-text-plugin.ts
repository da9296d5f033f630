// A Pothos plugin that checks every String and ID argument of an operation with
// src/platform/text.ts before anything runs: each root field (Query, Mutation, Subscription)
// is wrapped as the schema is built, and the wrapper walks the arguments of the root field
// and of every field selected below it (variables and inline literals alike, fragments
// included) before the resolver, the subscribe function or Pothos's argument mappers run.
// Walking the whole selection matters: the Prisma plugin reads the arguments of nested
// relation connections (`records(after:)`) while planning the root field's query, before
// their own resolvers would run. A field added later is covered without doing anything
// (Pothos guide "Writing plugins", wrapArgMappers).
//
// Answers: a root field whose result type has `userErrors` (every mutation payload, and
// testKeywords) returns `{ userErrors }` without calling its resolver, so nothing is stored;
// any other fails with a GraphQL error whose extensions.code is INPUT_INVALID_CHARACTERS,
// before any database query.
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import {
  GraphQLError,
  getArgumentValues,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import type { ExpectedError, Locale } from '../platform/errors.js';
import { invalidTextError, type TextKind } from '../platform/text.js';

/**
 * Inputs that are multi-line free text and so may hold TAB, LF and CR: input fields as
 * `Type.field`, arguments as `Type.field(arg:)` (GraphQL schema coordinates). Everything else
 * is one-line. A test checks that each coordinate exists, so a rename cannot quietly make a
 * multi-line field strict.
 */
export const MULTI_LINE_INPUTS: ReadonlySet<string> = new Set([
  'StampInput.text',
  'PolicyNotificationInput.body',
  'AddPolicyRuleInput.notes',
  'UpdatePolicyRuleInput.notes',
  'KeywordTestInput.text',
  'SimulateMessageInput.raw',
]);

/**
 * At most this many problems are reported for one operation: a list of 100,000 bad strings
 * must not become a response of 100,000 user errors. The first ones are enough to fix.
 */
export const MAX_TEXT_PROBLEMS_REPORTED = 20;

/** The name to list in the builder's `plugins`. */
export const inputTextPlugin = 'inputText' as const;

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

type Resolver = GraphQLFieldResolver<unknown, object, object>;

export class InputTextPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapArgMappers(resolver: Resolver | undefined, fieldConfig: PothosOutputFieldConfig<Types>): Resolver | undefined {
    if (!resolver || !ROOT_TYPES.has(fieldConfig.parentType)) return resolver;
    return (parent, args, context, info) => {
      const problems = operationProblems(info, args as Record<string, unknown>);
      if (problems.length === 0) return resolver(parent, args, context, info);
      const locale: Locale = (context as { locale?: Locale }).locale ?? 'en';
      // The UserError shape of user-errors.ts, written out: that file builds on the builder this plugin configures.
      const userErrors: { code: string; message: string; field: string | null }[] = problems.map((e) => ({
        code: e.code,
        message: e.messageIn(locale),
        field: e.field ?? null,
      }));
      if (returnsUserErrors(info)) return { userErrors };
      const first = userErrors[0]!;
      throw new GraphQLError(first.message, { extensions: { code: first.code, field: first.field } });
    };
  }
}

SchemaBuilder.registerPlugin(inputTextPlugin, InputTextPlugin);

declare global {
  // Pothos plugins register their type through this global namespace (declaration merging).
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      inputText: InputTextPlugin<Types>;
    }
  }
}

function returnsUserErrors(info: GraphQLResolveInfo): boolean {
  const type = getNamedType(info.returnType);
  return isObjectType(type) && 'userErrors' in type.getFields();
}

/**
 * Problems in the root field's arguments (named by argument path: `input.name`) and in
 * those of the fields below it (named by response path: `dnsZones.records.after`).
 */
function operationProblems(info: GraphQLResolveInfo, args: Record<string, unknown>): ExpectedError[] {
  const out: ExpectedError[] = [];
  const root = info.parentType.getFields()[info.fieldName];
  if (!root) return out;
  checkArguments(info.parentType.name, root, args, '', out);
  const seenFragments = new Set<string>();
  for (const node of info.fieldNodes) {
    walkSelections(info, getNamedType(root.type), node.selectionSet, `${node.alias?.value ?? node.name.value}.`, seenFragments, out);
  }
  return out;
}

function walkSelections(
  info: GraphQLResolveInfo,
  type: GraphQLNamedType,
  set: SelectionSetNode | undefined,
  prefix: string,
  seenFragments: Set<string>,
  out: ExpectedError[],
): void {
  if (!set || out.length >= MAX_TEXT_PROBLEMS_REPORTED) return;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[sel.name.value] : undefined;
      if (!field) continue; // __typename, or a field of a union member (reached through a fragment)
      const key = sel.alias?.value ?? sel.name.value;
      if (field.args.length) {
        // Validation has already checked the arguments; this only coerces them.
        const args = getArgumentValues(field, sel, info.variableValues);
        checkArguments(type.name, field, args, `${prefix}${key}.`, out);
      }
      walkSelections(info, getNamedType(field.type), sel.selectionSet, `${prefix}${key}.`, seenFragments, out);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const on = sel.typeCondition ? info.schema.getType(sel.typeCondition.name.value) : type;
      if (on) walkSelections(info, on, sel.selectionSet, prefix, seenFragments, out);
    } else {
      // A fragment's arguments do not depend on where it is spread: check it once.
      const name = sel.name.value;
      const fragment = info.fragments[name];
      if (!fragment || seenFragments.has(name)) continue;
      seenFragments.add(name);
      const on = info.schema.getType(fragment.typeCondition.name.value);
      if (on) walkSelections(info, on, fragment.selectionSet, prefix, seenFragments, out);
    }
  }
}

function checkArguments(
  typeName: string,
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  prefix: string,
  out: ExpectedError[],
): void {
  for (const arg of field.args) {
    const kind: TextKind = MULTI_LINE_INPUTS.has(`${typeName}.${field.name}(${arg.name}:)`) ? 'multiline' : 'line';
    walk(arg.type, args[arg.name], `${prefix}${arg.name}`, kind, out);
  }
}

/** Visits a coerced value along its input type; String and ID leaves are checked. */
function walk(type: GraphQLInputType, value: unknown, path: string, kind: TextKind, out: ExpectedError[]): void {
  if (value === null || value === undefined || out.length >= MAX_TEXT_PROBLEMS_REPORTED) return;
  if (isNonNullType(type)) {
    walk(type.ofType, value, path, kind, out);
    return;
  }
  if (isListType(type)) {
    if (!Array.isArray(value)) walk(type.ofType, value, path, kind, out);
    else
      value.forEach((item, i) => {
        walk(type.ofType, item, `${path}.${i}`, kind, out);
      });
    return;
  }
  if (isInputObjectType(type)) {
    for (const [name, f] of Object.entries(type.getFields())) {
      const fieldKind: TextKind = MULTI_LINE_INPUTS.has(`${type.name}.${name}`) ? 'multiline' : 'line';
      walk(f.type, (value as Record<string, unknown>)[name], `${path}.${name}`, fieldKind, out);
    }
    return;
  }
  // Enums, Int, Float, Boolean, DateTime (a Date by now) and Upload carry no free text. A new
  // custom scalar with string input must refuse these characters in its own parseValue.
  if (isScalarType(type) && (type.name === 'String' || type.name === 'ID') && typeof value === 'string') {
    const problem = invalidTextError(value, path, kind);
    if (problem) out.push(problem);
  }
}
