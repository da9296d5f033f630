// CEGP's serving sites: the host names a tenant's MX and relay point at, the SPF include,
// the source CIDRs and the time zone reports show besides UTC. Source: "About mx records and
// Cloud Email Gateway Protection", "Adding SPF records" (docs/cegp/domains-and-dns.md,
// "Regional hostnames"). Pure.
import type { Region } from '../db/enums.js';

export interface RegionSite {
  /** Zone under which <cid>.in.<zone> and <cid>.relay.<zone> live. */
  zone: string;
  spfInclude: string;
  cidrs: readonly string[];
  /**
   * IANA time zone of the site's customers, in which reports show their times next to UTC
   * (a tenant has no time zone of its own). Where a site serves several zones, that of the
   * data centre its CIDRs belong to (US: us-east, EU: Frankfurt, ANZ: Sydney).
   */
  timeZone: string;
}

export const REGION_SITES: Readonly<Record<Region, RegionSite>> = {
  US: {
    zone: 'tmes.trendmicro.com',
    spfInclude: 'spf-us.tmes.trendmicro.com',
    cidrs: ['18.208.22.64/26', '18.208.22.128/25', '18.188.9.192/26', '18.188.239.128/26'],
    timeZone: 'America/New_York',
  },
  EU: {
    zone: 'tmes.trendmicro.eu',
    spfInclude: 'spf.tmes.trendmicro.eu',
    cidrs: ['18.185.115.0/25', '18.185.115.128/26', '34.253.238.128/26', '34.253.238.192/26'],
    timeZone: 'Europe/Berlin',
  },
  ANZ: {
    zone: 'tmes-anz.trendmicro.com',
    spfInclude: 'spf.tmes-anz.trendmicro.com',
    cidrs: ['13.238.202.0/25', '13.238.202.128/26'],
    timeZone: 'Australia/Sydney',
  },
  JP: {
    zone: 'tmems-jp.trendmicro.com',
    spfInclude: 'spf.tmems-jp.trendmicro.com',
    cidrs: [
      '18.176.203.128/26',
      '18.176.203.192/26',
      '18.177.156.0/26',
      '18.177.156.64/26',
      '15.168.56.0/25',
      '15.168.49.64/26',
      '15.168.56.128/26',
    ],
    timeZone: 'Asia/Tokyo',
  },
  SG: {
    zone: 'tmes-sg.trendmicro.com',
    spfInclude: 'spf.tmes-sg.trendmicro.com',
    cidrs: ['13.213.174.128/25', '13.213.220.0/26'],
    timeZone: 'Asia/Singapore',
  },
  IN: {
    zone: 'tmes-in.trendmicro.com',
    spfInclude: 'spf.tmes-in.trendmicro.com',
    cidrs: ['3.110.59.128/25', '3.110.71.192/26'],
    timeZone: 'Asia/Kolkata',
  },
  UAE: {
    zone: 'tmes-uae.trendmicro.com',
    spfInclude: 'spf.tmes-uae.trendmicro.com',
    cidrs: ['3.29.202.0/25', '3.29.194.192/26'],
    timeZone: 'Asia/Dubai',
  },
};

export function inboundHost(companyId: string, region: Region): string {
  return `${companyId}.in.${REGION_SITES[region].zone}`;
}

export function relayHost(companyId: string, region: Region): string {
  return `${companyId}.relay.${REGION_SITES[region].zone}`;
}

/** The SPF record CEGP documents for a site's include host (v=spf1 with its CIDRs). */
export function spfRecordOf(region: Region): string {
  return `v=spf1 ${REGION_SITES[region].cidrs.map((c) => `ip4:${c}`).join(' ')} -all`;
}
