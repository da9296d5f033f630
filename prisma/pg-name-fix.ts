// @prisma/adapter-pg 6.19.3 cannot decode PostgreSQL `name` (OID 19) and `"char"` (OID 18)
// columns, which the schema engine selects from pg_catalog, so `migrate deploy` and
// `db pull` fail on real PostgreSQL ("Column type 'name' could not be deserialized").
// Version 7 maps them to text; this client does the same for the CLI only (stack notes P2).
import pg from 'pg';

const TEXT_OID = 25;
const NAME_OID = 19;
const CHAR_OID = 18;

export class NameAsTextClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as any)(...args);
    if (result && typeof result.then === 'function') {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return result.then((res: any) => {
        for (const field of res?.fields ?? []) {
          if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
        }
        return res;
      });
    }
    return result;
  }
}
