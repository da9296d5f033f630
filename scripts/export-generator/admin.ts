// manifest.xml (§3), imss.ini (§4) and the areas that are never migrated: policy/other.xml,
// admin/settings.xml, euq/settings.xml (each top-level element is one AREA_NOT_MIGRATED item).
import type { CaseFragments } from './cases.js';
import type { GenContext } from './context.js';
import { attrs, esc } from './xml.js';

/** Fixed export time: the date of the JP guide's example export, so output is deterministic. */
export const EXPORTED_AT = '2024-05-22T15:39:25+09:00';

export function hostName(ctx: GenContext): string {
  return `${ctx.opts.product.toLowerCase()}01.${ctx.managed[0]}`;
}

export function buildManifest(ctx: GenContext): string[] {
  const { opts } = ctx;
  return [
    `<export${attrs({
      product: opts.product,
      version: '9.1',
      build: opts.build,
      platform: 'Linux',
      language: opts.language,
      exportedAt: EXPORTED_AT,
      host: hostName(ctx),
      iniCharset: 'UTF-8',
    })}/>`,
  ];
}

/** imss.ini: administration sections (not migrated), the hidden key, LDAP when used. */
export function buildIni(ctx: GenContext, cases: CaseFragments | undefined): string {
  const { opts } = ctx;
  const lines = [
    `; ${opts.product} 9.1.0.${opts.build} configuration, exported ${EXPORTED_AT}`,
    ...(cases ? ['; case:AREA_NOT_MIGRATED'] : []),
    '[general]',
    `hostname=${hostName(ctx)}`,
    'timezone=Asia/Tokyo',
    `default_charset=${opts.language === 'ja' ? 'ISO-2022-JP' : 'UTF-8'}`,
    '',
    '[smtp]',
    'port=25',
    'max_message_size_kb=51200',
    'max_recipients=500',
    'greeting=ESMTP ready',
    `relay_domains=${ctx.managed.join(',')}`,
    '',
    '[quarantine]',
    'default_area=Default',
    'retention_days=30',
    '',
    '[log]',
    'level=normal',
    'retention_days=90',
    '',
  ];
  if (opts.ldap) {
    const dc = ctx.managed[0]!.split('.')
      .map((p) => `dc=${p}`)
      .join(',');
    lines.push(
      '[ldap]',
      'enable=yes',
      'server_type=ad',
      `server=ldap.${ctx.managed[0]}`,
      'port=389',
      `base_dn=${dc}`,
      `bind_dn=cn=imss,ou=service,${dc}`,
      'cache_ttl_minutes=1440',
      '',
    );
  }
  if (opts.hiddenKey) {
    // Inserted by the administrator into tb_global_setting before exporting (domain notes §1).
    lines.push('[imp_exp]', 'enable_ems_migrate=1', '');
  }
  return lines.join('\n');
}

export function buildOtherPolicy(ctx: GenContext, cases: CaseFragments | undefined): string[] {
  const internal = ctx.managed.map((d) => `<domain>${esc(d)}</domain>`).join('');
  return [
    '<otherPolicySettings>',
    ...(cases ? ['  <!-- case:AREA_NOT_MIGRATED -->'] : []),
    '  <scanningExceptions>',
    '    <exception type="messageSize" action="bypass" valueMB="60"/>',
    '    <exception type="malformedMessage" action="quarantine"/>',
    '    <exception type="compressedLayers" action="quarantine" maxLayers="20"/>',
    '  </scanningExceptions>',
    `  <internalAddresses mode="domains">${internal}</internalAddresses>`,
    '  <scanEngine atse="true" scanCompressed="true" maxDecompressedMB="30"/>',
    '  <smartProtection mode="global" webReputation="true"/>',
    '  <encryptionSettings enabled="false" service="none"/>',
    '</otherPolicySettings>',
  ];
}

export function buildAdminSettings(ctx: GenContext, cases: CaseFragments | undefined): string[] {
  const { opts } = ctx;
  const xml = ['<adminSettings>'];
  if (cases) xml.push('  <!-- case:AREA_NOT_MIGRATED -->');
  if (opts.ldap) {
    const dc = ctx.managed[0]!.split('.')
      .map((p) => `dc=${p}`)
      .join(',');
    xml.push(
      `  <ldapServers enabled="true"><server${attrs({ type: 'ad', host: `ldap.${ctx.managed[0]}`, port: 389, baseDn: dc })}/></ldapServers>`,
    );
  }
  xml.push(
    `  <connections><smtpRouting${attrs({ smartHost: `mail.${ctx.managed[0]}:25`, tls: 'opportunistic' })}/></connections>`,
    '  <updates schedule="hourly" source="activeupdate"/>',
    '  <adminAccounts><account name="admin" role="administrator"/><account name="auditor" role="viewer"/></adminAccounts>',
    '  <logSettings level="normal" retentionDays="90"/>',
    '  <database maintenance="daily"/>',
    '  <smtpConnections maxConnections="250" perIp="25"/>',
    '</adminSettings>',
  );
  return xml;
}

export function buildEuqSettings(ctx: GenContext, cases: CaseFragments | undefined): string[] {
  return [
    '<euqSettings>',
    ...(cases ? ['  <!-- case:AREA_NOT_MIGRATED -->'] : []),
    `  <console enabled="true" port="8447" language="${ctx.opts.language}"/>`,
    '  <digest enabled="true" schedule="daily" time="09:00"/>',
    '  <userApprovedSenders enabled="true"/>',
    '  <distributionListQuarantine enabled="false"/>',
    '</euqSettings>',
  ];
}
