// GraphQL documents the tests send, written as a frontend would write them.
export const SET_RECORD = /* GraphQL */ `
  mutation Set($input: SetDnsRecordInput!) {
    setDnsRecord(input: $input) { record { id name type value priority ttlSeconds presentation } userErrors { code message field } }
  }`;

export const ADD_DOMAIN = /* GraphQL */ `
  mutation Add($input: AddDomainInput!) {
    addDomain(input: $input) {
      domain { id name unicodeName status verificationRecord { name type value } alternativeMxRecord { value priority }
               inboundServers { recipient host port preference } outboundServers { type hosts } }
      userErrors { code message field }
    }
  }`;

export const VERIFY_DOMAIN = /* GraphQL */ `
  mutation Verify($id: ID!) {
    verifyDomain(id: $id) {
      verified
      domain { id status verifiedBy verificationChecks(first: 10) { totalCount edges { node { method result question answer expected } } } }
      checks { method result answer }
      userErrors { code message field }
    }
  }`;

export const DOMAINS = /* GraphQL */ `
  query Domains($first: Int, $after: String, $filter: DomainFilter) {
    domains(first: $first, after: $after, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id name status } }
    }
  }`;

export const AUDIT = /* GraphQL */ `
  query Audit($first: Int) {
    auditLog(first: $first) { totalCount edges { node { eventType actor targetName changes { field newValue previousValue } } } }
  }`;

export async function publishMx(
  gql: (q: string, v?: Record<string, unknown>, h?: Record<string, string>) => Promise<any>,
  name: string,
  headers: Record<string, string> = {},
) {
  const r = await gql(SET_RECORD, { input: { name, type: 'MX', priority: 10, value: `mail.${name}` } }, headers);
  if (r.data.setDnsRecord.userErrors.length) throw new Error(JSON.stringify(r.data.setDnsRecord.userErrors));
  return r.data.setDnsRecord.record;
}
