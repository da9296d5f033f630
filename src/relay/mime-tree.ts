// Pure. Questions about a part's place in mailsplit's MIME tree: its path (mailparser's partId),
// its ancestors, whether it is signed content, and whether it is a body part that takes a stamp.
import type { MessageChunk } from '@zone-eu/mailsplit';

/** A MIME node as mailsplit's Splitter emits it. */
export type SplitNode = MessageChunk['node'];

/** mailparser's partId for a node (mail-parser.js processChunk), or null for the message itself. */
export function partPathOf(node: SplitNode): string | null {
  if (!node._parentBoundary) {
    return null;
  }
  return (node.partNr || []).filter((nr) => typeof nr === 'number').join('.') || null;
}

export function ancestors(node: SplitNode): SplitNode[] {
  const list: SplitNode[] = [];
  for (let up = node.parentNode; up; up = up.parentNode) {
    list.push(up);
  }
  return list;
}

export function isWithin(node: SplitNode, root: SplitNode): boolean {
  return node === root || ancestors(node).includes(root);
}

/** docs/cegp §5: Clean / Delete attachments / Sanitize do not apply to S/MIME signed mail. */
export function insideSigned(node: SplitNode): boolean {
  return ancestors(node).some((up) => up.contentType === 'multipart/signed');
}

/** A body part as mailparser sees one: text/plain or text/html, inline, not inside an attached message. */
export function isStampable(node: SplitNode): boolean {
  if (node.contentType !== 'text/plain' && node.contentType !== 'text/html') {
    return false;
  }
  if (node.disposition && node.disposition !== 'inline') {
    return false;
  }
  return !ancestors(node).some((up) => up.rfc822);
}
