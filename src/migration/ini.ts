// imss.ini as the export format defines it (docs/export-format.md §4): plain
// INI, `[section]` headers, `name=value` lines, `#` or `;` comment lines. Pure: the bundle
// reader decodes the bytes (charset from manifest.xml) and hands the text here.
import { findInvalidCharacter } from '../platform/text.js';
import { bundleDetail, bundleErrors, type IniFile } from './bundle.js';

const SECTION = /^\[(.*)\]$/;

/**
 * Parses INI text. Names and values are trimmed; a value keeps any later `=` (`a=b=c` is
 * a → "b=c"); section and key names keep their case, as IMSVA's tb_global_setting does.
 * Keys before the first section go under ''. A repeated section is merged into the first,
 * a repeated key keeps its first position and its last value (what a line-by-line reader
 * such as IMSVA's own ends up with). Lines that are none of the above (no `=`) carry no
 * setting and are skipped. Comments are whole lines only: values such as `a@x;b@y` keep
 * their `;`.
 */
export function parseIni(text: string): IniFile {
  const sections = new Map<string, Map<string, string>>();
  let current = sectionNamed(sections, '');
  let lineNumber = 0;
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    lineNumber++;
    // A NUL cannot be stored in PostgreSQL text, and section names become migration items:
    // refuse control characters as the XML members do (XML 1.0 §2.2); TAB stays allowed.
    const bad = findInvalidCharacter(rawLine, 'multiline');
    if (bad)
      throw bundleErrors.error('BUNDLE_INVALID', { detail: bundleDetail('INI_CHARACTER', { line: lineNumber, character: bad.character }) });
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = SECTION.exec(line);
    if (header) {
      current = sectionNamed(sections, header[1]!.trim());
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    current.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  // The '' section exists only when something was written before the first header.
  if (sections.get('')!.size === 0) sections.delete('');
  return { sections };
}

function sectionNamed(sections: Map<string, Map<string, string>>, name: string): Map<string, string> {
  let section = sections.get(name);
  if (!section) {
    section = new Map();
    sections.set(name, section);
  }
  return section;
}
