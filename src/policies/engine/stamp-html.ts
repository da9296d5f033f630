// Pure. The HTML part of a stamp. CEGP's predefined stamp styles are Information,
// Suspicious and Dangerous with the text part derived (§5 "Stamp and notification
// objects"); the Stamp model keeps only the text and its position, so every stamp is drawn
// in the Information style from its (token-expanded) text, escaped. A style column would
// let the other two styles through here. (inferred)

export type StampStyle = 'INFORMATION' | 'SUSPICIOUS' | 'DANGEROUS';

const STYLES: Record<StampStyle, { border: string; background: string; label: string }> = {
  INFORMATION: { border: '#2b6cb0', background: '#ebf8ff', label: 'Information' },
  SUSPICIOUS: { border: '#b7791f', background: '#fffaf0', label: 'Suspicious' },
  DANGEROUS: { border: '#c53030', background: '#fff5f5', label: 'Dangerous' },
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The stamp's HTML: the text escaped, line breaks kept, in a box of the style's colours. */
export function stampHtml(text: string, style: StampStyle = 'INFORMATION'): string {
  const s = STYLES[style];
  const body = escapeHtml(text).replace(/\r?\n/g, '<br>');
  return `<div class="cegp-stamp cegp-stamp-${style.toLowerCase()}" style="border:1px solid ${s.border};background:${s.background};padding:8px;margin:8px 0;font-family:sans-serif;font-size:13px">${body}</div>`;
}
