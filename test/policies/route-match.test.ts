// Every route form of the CEGP recipients/senders screens (docs/cegp/policies-and-content-filtering.md §2).
import { describe, expect, it } from 'vitest';
import {
  addressInRoute,
  entryCovers,
  matchingException,
  parseAddress,
  routeVerdict,
  type RouteDirectory,
} from '../../src/policies/route-match.js';
import { ANYONE, MY_ORGANIZATION, type RouteEntry, type RouteSpec } from '../../src/policies/rule.js';

const dir: RouteDirectory = {
  domains: [
    { name: 'example.co.jp', verified: true },
    { name: 'pending.example', verified: false },
    { name: 'xn--r8jz45g.jp', verified: true },
  ],
  addressGroups: new Map([
    ['g-sales', ['sales@example.co.jp', '*@branch.example.co.jp']],
    ['g-partners', ['*@*.partner.example', 'ceo@*']],
  ]),
  directoryGroups: new Map([['cn=finance,ou=groups,dc=example,dc=co,dc=jp', ['taro@example.co.jp', 'hanako@example.co.jp']]]),
};
const specified = (...entries: RouteEntry[]): RouteSpec => ({ kind: 'SPECIFIED', entries });
const address = (value: string): RouteEntry => ({ type: 'ADDRESS', value });
const covers = (entry: string, a: string) => entryCovers(entry, parseAddress(a)!);

describe('Anyone', () => {
  it('covers every address and the null sender', () => {
    expect(addressInRoute(ANYONE, 'someone@elsewhere.example', dir)).toBe(true);
    expect(addressInRoute(ANYONE, '', dir)).toBe(true);
    expect(addressInRoute(ANYONE, '<>', dir)).toBe(true);
  });
});

describe('My organization', () => {
  it('covers verified domains and their subdomains', () => {
    expect(addressInRoute(MY_ORGANIZATION, 'taro@example.co.jp', dir)).toBe(true);
    expect(addressInRoute(MY_ORGANIZATION, 'taro@tokyo.example.co.jp', dir)).toBe(true);
  });
  it('does not cover a registered domain whose verification has not succeeded', () => {
    expect(addressInRoute(MY_ORGANIZATION, 'user@pending.example', dir)).toBe(false);
  });
  it('does not cover look-alike or outside domains, nor the null sender', () => {
    expect(addressInRoute(MY_ORGANIZATION, 'taro@badexample.co.jp', dir)).toBe(false);
    expect(addressInRoute(MY_ORGANIZATION, 'taro@example.co.jp.evil.example', dir)).toBe(false);
    expect(addressInRoute(MY_ORGANIZATION, '<>', dir)).toBe(false);
  });
  it('reads an internationalized domain in Unicode or punycode as one domain', () => {
    expect(addressInRoute(MY_ORGANIZATION, 'user@例え.jp', dir)).toBe(true);
    expect(addressInRoute(MY_ORGANIZATION, 'user@XN--R8JZ45G.JP.', dir)).toBe(true);
  });
  it('covers every verified domain, including one added after the rule', () => {
    const later: RouteDirectory = { ...dir, domains: [...dir.domains, { name: 'new.example', verified: true }] };
    expect(addressInRoute(MY_ORGANIZATION, 'a@new.example', dir)).toBe(false);
    expect(addressInRoute(MY_ORGANIZATION, 'a@new.example', later)).toBe(true);
  });
});

describe('typed addresses', () => {
  it('user@domain is that mailbox, compared without case', () => {
    expect(covers('taro@example.co.jp', 'TARO@Example.CO.JP')).toBe(true);
    expect(covers('taro@example.co.jp', 'jiro@example.co.jp')).toBe(false);
    expect(covers('taro@example.co.jp', 'taro@tokyo.example.co.jp')).toBe(false);
  });
  it('*@domain is the domain itself, not its subdomains', () => {
    expect(covers('*@example.co.jp', 'anyone@example.co.jp')).toBe(true);
    expect(covers('*@example.co.jp', 'anyone@tokyo.example.co.jp')).toBe(false);
  });
  it('*@*.domain is its subdomains, not the domain itself', () => {
    expect(covers('*@*.example.co.jp', 'a@tokyo.example.co.jp')).toBe(true);
    expect(covers('*@*.example.co.jp', 'a@x.y.example.co.jp')).toBe(true);
    expect(covers('*@*.example.co.jp', 'a@example.co.jp')).toBe(false);
    expect(covers('*@*.example.co.jp', 'a@badexample.co.jp')).toBe(false);
  });
  it('user@* is that local part at any domain, *@* is any address', () => {
    expect(covers('ceo@*', 'ceo@anywhere.example')).toBe(true);
    expect(covers('ceo@*', 'cfo@anywhere.example')).toBe(false);
    expect(covers('*@*', 'x@y.example')).toBe(true);
  });
  it('a trailing dot and angle brackets do not change the address', () => {
    expect(addressInRoute(specified(address('taro@example.co.jp')), '<taro@example.co.jp.>', dir)).toBe(true);
  });
  it('text that is not an address is in no specified route', () => {
    expect(addressInRoute(specified(address('*@*')), 'not-an-address', dir)).toBe(false);
    expect(addressInRoute(specified(address('*@*')), '', dir)).toBe(false);
  });
});

describe('My domains', () => {
  it('a picked domain covers the domain and its subdomains', () => {
    const route = specified({ type: 'DOMAIN', domain: 'example.co.jp' });
    expect(addressInRoute(route, 'a@example.co.jp', dir)).toBe(true);
    expect(addressInRoute(route, 'a@osaka.example.co.jp', dir)).toBe(true);
    expect(addressInRoute(route, 'a@other.example', dir)).toBe(false);
  });
});

describe('address groups', () => {
  it('cover what any of their entries covers', () => {
    const route = specified({ type: 'ADDRESS_GROUP', groupId: 'g-sales' });
    expect(addressInRoute(route, 'sales@example.co.jp', dir)).toBe(true);
    expect(addressInRoute(route, 'any@branch.example.co.jp', dir)).toBe(true);
    expect(addressInRoute(route, 'other@example.co.jp', dir)).toBe(false);
  });
  it('hybrid groups with wildcard domains match like typed wildcards', () => {
    const route = specified({ type: 'ADDRESS_GROUP', groupId: 'g-partners' });
    expect(addressInRoute(route, 'x@eu.partner.example', dir)).toBe(true);
    expect(addressInRoute(route, 'x@partner.example', dir)).toBe(false);
    expect(addressInRoute(route, 'ceo@far.example', dir)).toBe(true);
  });
  it('a group that no longer exists covers nobody', () => {
    expect(addressInRoute(specified({ type: 'ADDRESS_GROUP', groupId: 'gone' }), 'sales@example.co.jp', dir)).toBe(false);
  });
});

describe('directory (LDAP) groups', () => {
  it('cover their synchronised members, the DN compared without case', () => {
    const route = specified({ type: 'DIRECTORY_GROUP', dn: 'CN=Finance,OU=Groups,DC=example,DC=co,DC=jp' });
    expect(addressInRoute(route, 'Hanako@example.co.jp', dir)).toBe(true);
    expect(addressInRoute(route, 'jiro@example.co.jp', dir)).toBe(false);
  });
});

describe('mixed entries', () => {
  it('an address is in the route when any entry covers it', () => {
    const route = specified(
      address('boss@example.co.jp'),
      { type: 'ADDRESS_GROUP', groupId: 'g-sales' },
      { type: 'DIRECTORY_GROUP', dn: 'cn=finance,ou=groups,dc=example,dc=co,dc=jp' },
    );
    for (const a of ['boss@example.co.jp', 'sales@example.co.jp', 'taro@example.co.jp']) expect(addressInRoute(route, a, dir)).toBe(true);
    expect(addressInRoute(route, 'nobody@example.co.jp', dir)).toBe(false);
  });
});

describe('exceptions', () => {
  const rule = {
    senders: ANYONE,
    recipients: MY_ORGANIZATION,
    exceptions: [
      { sender: specified(address('*@partner.example')), recipient: specified({ type: 'ADDRESS_GROUP', groupId: 'g-sales' }) },
      { sender: specified(address('alerts@monitor.example')), recipient: MY_ORGANIZATION },
    ],
  };
  it('a pair whose sender and recipient fall in one exception bypasses the rule', () => {
    expect(routeVerdict(rule, 'bob@partner.example', 'sales@example.co.jp', dir)).toEqual({
      applies: false,
      reason: 'EXCEPTED',
      exceptionIndex: 0,
    });
    expect(routeVerdict(rule, 'alerts@monitor.example', 'taro@example.co.jp', dir)).toEqual({
      applies: false,
      reason: 'EXCEPTED',
      exceptionIndex: 1,
    });
  });
  it('the two halves must come from the same pair', () => {
    expect(matchingException(rule.exceptions, 'bob@partner.example', 'taro@example.co.jp', dir)).toBe(-1);
    expect(routeVerdict(rule, 'bob@partner.example', 'taro@example.co.jp', dir)).toEqual({ applies: true });
  });
  it('an exception part left empty stands for anyone', () => {
    const open = [{ sender: specified(address('noreply@vendor.example')), recipient: specified() }];
    expect(matchingException(open, 'noreply@vendor.example', 'x@anywhere.example', dir)).toBe(0);
  });
});

describe('the route verdict', () => {
  it('says which side left the message out', () => {
    const rule = { senders: MY_ORGANIZATION, recipients: specified(address('*@*')), exceptions: [] };
    expect(routeVerdict(rule, 'x@outside.example', 'y@example.co.jp', dir)).toEqual({ applies: false, reason: 'SENDER_NOT_IN_ROUTE' });
    expect(routeVerdict({ ...rule, senders: ANYONE, recipients: MY_ORGANIZATION }, 'x@outside.example', 'y@outside.example', dir)).toEqual({
      applies: false,
      reason: 'RECIPIENT_NOT_IN_ROUTE',
    });
  });
});
