// The columns (scalars and enums) of each Prisma model, from the schema the clients were
// generated from: what a `select` may name, for code that builds selects from what a
// request asks for (GraphQL's object loader) or from what it keeps (the policy snapshots).
import { getDatamodel } from '../generated/pothos-types.js';

const COLUMNS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(getDatamodel().datamodel.models).map(([name, m]) => [
    name,
    new Set(m.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum').map((f) => f.name)),
  ]),
);

/** The model's columns, or undefined for a name that is no model. */
export function modelColumns(model: string): ReadonlySet<string> | undefined {
  return COLUMNS.get(model);
}
