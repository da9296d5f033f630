// Reading generated export members in tests: decoded text, counts by regex, INI sections.
import { generateExportMembers, type GenerateOptions } from '../../../scripts/export-generator/generate.js';
import { memberText } from '../../support/export-fixtures.js';

/** Decoded text of every member (XML in its declared charset). */
export function texts(opts: Partial<GenerateOptions>): Record<string, string> {
  return Object.fromEntries(Object.entries(generateExportMembers(opts)).map(([p, b]) => [p, memberText(b)]));
}

export const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;
export const section = (text: string, tag: string): string => {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(text);
  return m ? m[1]! : '';
};

export function iniSections(ini: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>([['', new Map()]]);
  let current = sections.get('')!;
  for (const raw of ini.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) {
      current = new Map();
      sections.set(s[1]!, current);
    } else {
      const eq = line.indexOf('=');
      current.set(line.slice(0, eq), line.slice(eq + 1));
    }
  }
  return sections;
}

/** Each `<rule …>…</rule>` element of rules.xml. */
export const ruleBlocks = (rulesXml: string): string[] => rulesXml.match(/<rule [\s\S]*?<\/rule>/g) ?? [];
