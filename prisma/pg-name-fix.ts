// @prisma/adapter-pg 6.19.3 cannot decode PostgreSQL `name` (OID 19) and `"char"` (OID 18)
// columns, which the schema engine selects from pg_catalog, so `migrate deploy` and
// `db pull` fail on real PostgreSQL ("Column type 'name' could not be deserialized").
// Version 7 maps them to text; this client does the same for the CLI only (stack notes P2).
import pg from 'pg';

const TEXT_OID = 25;
const NAME_OID = 19;
const CHAR_OID = 18;

export class NameAsTextClient extends pg.Client {
  // pg.Client.query has a dozen overloads (callbacks, promises, submittables); this override
  // passes all of them through unchanged, which no single signature can state.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  override query(...args: any[]): any {
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const result = (super.query as any)(...args);
    if (result && typeof result.then === 'function') {
      return result.then((res: { fields?: { dataTypeID: number }[] } | undefined) => {
        for (const field of res?.fields ?? []) {
          if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
        }
        return res;
      });
    }
    return result;
  }
}
