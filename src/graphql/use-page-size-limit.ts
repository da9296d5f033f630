// Refuses `first` / `last` above the connection maximum instead of silently returning
// fewer rows than asked (Pothos clamps): a frontend should learn of it at once.
import { Kind, GraphQLError, visit, type ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export function usePageSizeLimit(max: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const vars = (args.variableValues ?? {}) as Record<string, unknown>;
      const argumentValue = (node: ValueNode): unknown =>
        node.kind === Kind.INT ? Number(node.value) : node.kind === Kind.VARIABLE ? vars[node.name.value] : undefined;
      let offending: { field: string; arg: string; value: number } | null = null;
      visit(args.document, {
        Field(field) {
          for (const a of field.arguments ?? []) {
            if (a.name.value !== 'first' && a.name.value !== 'last') continue;
            const v = argumentValue(a.value);
            if (typeof v === 'number' && (v > max || v < 0)) offending ??= { field: field.name.value, arg: a.name.value, value: v };
          }
        },
      });
      if (offending) {
        const o = offending as { field: string; arg: string; value: number };
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`${o.field}(${o.arg}: ${o.value}) is outside 0–${max}: page through the connection with "after" instead.`, {
              extensions: { code: 'PAGE_SIZE_TOO_LARGE' },
            }),
          ],
        });
      }
    },
  };
}
