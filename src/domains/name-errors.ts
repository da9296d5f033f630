// Maps a name problem to the user error that explains it.
import type { ExpectedError } from '../platform/errors.js';
import type { NameProblem } from './domain-name.js';
import { domainErrors } from './errors.js';

export function domainNameError(problem: NameProblem, raw: string, field: string): ExpectedError {
  const name = raw.trim();
  switch (problem) {
    case 'EMPTY':
      return domainErrors.error('DOMAIN_NAME_EMPTY', {}, field);
    case 'LABEL_TOO_LONG':
      return domainErrors.error('DOMAIN_NAME_LABEL_TOO_LONG', { name }, field);
    case 'TOO_LONG':
      return domainErrors.error('DOMAIN_NAME_TOO_LONG', { name }, field);
    case 'SINGLE_LABEL':
    case 'NUMERIC_TLD':
    case 'IP_ADDRESS':
      return domainErrors.error('DOMAIN_NAME_NOT_FQDN', { name }, field);
    default:
      return domainErrors.error('DOMAIN_NAME_INVALID', { name }, field);
  }
}
