// The rewriter's pass over mailsplit's stream of MIME nodes and bytes (adapter for
// @zone-eu/mailsplit): header edits on the message node, stamps into the body parts, parts
// deleted or sanitized by path; everything else is handed to the Joiner as it came, so
// attachments stream through. docs/cegp/policies-and-content-filtering.md §5 (Modify).
//
// How mailsplit's stream is read here: a part's delimiter line ("\r\n--b\r\n") arrives as its own
// `data` chunk before the part's node (credited to that node), so it is held until the node
// says whether the part stays; a closing delimiter arrives together with the lines after it,
// credited to the inner multipart (mime-delimiters.ts finds the outer line inside it).
// Part paths are mailparser's partId: mailsplit's partNr without the TEXT markers.
import { eolBefore, findDelimiterLine } from './mime-delimiters.js';
import { deleteDetail, recordPart, type RewritePlan } from './rewrite-plan.js';
import { type Sanitizer, SanitizeSession } from './sanitize-part.js';
import { applyHeaderEdits } from './header-edits.js';
import { MAX_STAMP_PART_BYTES, type StampRequest, stampPart } from './stamp-part.js';
import type { MessageChunk, SplitterChunk } from '@zone-eu/mailsplit';
import { ancestors, insideSigned, isStampable, isWithin, partPathOf, type SplitNode } from './mime-tree.js';

export interface PartsContext {
  plan: RewritePlan;
  sanitize?: Sanitizer;
  /** A private directory for the sanitizer's files, made on first use. */
  tempDir: () => Promise<string>;
  /** Filled in: every part path met, and whether anything changed. */
  seen: Set<string>;
  changed: boolean;
}

type Active =
  | { kind: 'drop'; node: SplitNode }
  | { kind: 'pass'; node: SplitNode }
  | { kind: 'stamp'; node: SplitNode; path: string; lead: MessageChunk[]; raw: Buffer[]; size: number }
  | {
      kind: 'sanitize';
      node: SplitNode;
      path: string;
      lead: MessageChunk[];
      session: SanitizeSession;
      deleteIfUnable: boolean;
      index: number;
    };

type Out = SplitterChunk | Buffer;

export function rewriteParts(ctx: PartsContext): (source: AsyncIterable<SplitterChunk>) => AsyncGenerator<Out> {
  const { plan } = ctx;
  const stamps: StampRequest[] = plan.stamps.map(({ index, modification: m }) => ({
    index,
    text: m.text,
    html: m.html,
    position: m.position,
  }));
  const seenNodes = new WeakSet<SplitNode>();
  const handledPaths = new Set<string>();
  const emitted = new Map<SplitNode, number>();
  const deleted = new Map<SplitNode, number>();
  let pending: { node: SplitNode; chunks: MessageChunk[] } | null = null;
  let active: Active | null = null;
  let sanitizeSerial = 0;

  const count = (map: Map<SplitNode, number>, node: SplitNode) => {
    if (node.parentNode) {
      map.set(node.parentNode, (map.get(node.parentNode) ?? 0) + 1);
    }
  };

  function* emitNode(node: SplitNode, lead: readonly MessageChunk[]): Generator<Out> {
    yield* lead;
    yield node;
    count(emitted, node);
  }

  /** Structure bytes; puts an empty text part back into a multipart whose every part was deleted (RFC 2046 §5.1.1 asks for one). */
  function* emitData(value: Buffer, chunk: MessageChunk | null): Generator<Out> {
    const emptied = [...deleted.keys()].filter((m) => !emitted.get(m) && m._boundary);
    const line = emptied.length
      ? findDelimiterLine(
          value,
          emptied.map((m) => m._boundary as Buffer),
          true,
        )
      : null;
    if (line) {
      const multipart = emptied.find((m) => (m._boundary as Buffer).equals(line.boundary))!;
      const eol = eolBefore(value, line.lineStart) || '\r\n';
      const lead = line.lineStart === 0 ? eol : '';
      yield value.subarray(0, line.lineStart);
      yield Buffer.from(
        `${lead}--${line.boundary.toString('latin1')}${eol}Content-Type: text/plain; charset=us-ascii${eol}${eol}${eol}`,
        'latin1',
      );
      emitted.set(multipart, 1);
      yield* emitData(value.subarray(line.lineStart), null);
      return;
    }
    yield chunk ?? value;
  }

  async function* decide(node: SplitNode, lead: MessageChunk[]): AsyncGenerator<Out> {
    if (node.root && node.headers && applyHeaderEdits(node.headers, plan)) {
      ctx.changed = true;
    }
    const path = partPathOf(node);
    if (path !== null) {
      ctx.seen.add(path);
    }
    const action = path !== null && !handledPaths.has(path) ? plan.parts.get(path) : undefined;
    if (path !== null && action) {
      handledPaths.add(path);
      if (insideSigned(node)) {
        recordPart(plan, action.index, { partPath: path, outcome: 'SIGNED_NOT_MODIFIED', detail: 'inside an S/MIME signed entity' });
      } else if (action.kind === 'DELETE') {
        recordPart(plan, action.index, { partPath: path, outcome: action.outcome, detail: deleteDetail(action.outcome) });
        drop(node);
        return;
      } else if (node.multipart || node.messageNode) {
        const detail = 'not a file (a multipart or an attached message)';
        if (action.deleteIfUnable) {
          recordPart(plan, action.index, { partPath: path, outcome: 'DELETED_UNABLE_TO_SANITIZE', detail });
          drop(node);
          return;
        }
        recordPart(plan, action.index, { partPath: path, outcome: 'UNABLE_TO_SANITIZE', detail });
      } else {
        const session = new SanitizeSession(node, path, await ctx.tempDir(), ++sanitizeSerial);
        active = { kind: 'sanitize', node, path, lead, session, deleteIfUnable: action.deleteIfUnable, index: action.index };
        return;
      }
    }
    if (stamps.length && isStampable(node)) {
      active = { kind: 'stamp', node, path: path ?? '', lead, raw: [], size: 0 };
      return;
    }
    yield* emitNode(node, lead);
  }

  function drop(node: SplitNode): void {
    ctx.changed = true;
    count(deleted, node);
    active = { kind: 'drop', node };
  }

  function belongs(current: Active, chunk: SplitterChunk): boolean {
    if (current.kind === 'drop') {
      return isWithin(chunk.type === 'node' ? chunk : chunk.node, current.node);
    }
    return chunk.type === 'body' && chunk.node === current.node;
  }

  async function* feed(current: Active, chunk: SplitterChunk): AsyncGenerator<Out> {
    if (chunk.type === 'node') {
      return; // a node inside a dropped part
    }
    switch (current.kind) {
      case 'pass':
        yield chunk;
        return;
      case 'drop': {
        // the closing delimiter of the dropped multipart may carry the outer one with it
        const outer = ancestors(current.node)
          .map((up) => up._boundary)
          .filter((b): b is Buffer => Buffer.isBuffer(b));
        const line = outer.length && chunk.type === 'data' ? findDelimiterLine(chunk.value, outer, false) : null;
        if (line) {
          active = null;
          const eol = eolBefore(chunk.value, line.lineStart) || '\r\n';
          yield* emitData(Buffer.concat([Buffer.from(eol, 'latin1'), chunk.value.subarray(line.lineStart)]), null);
        }
        return;
      }
      case 'stamp':
        current.raw.push(chunk.value);
        current.size += chunk.value.length;
        if (current.size > MAX_STAMP_PART_BYTES) {
          for (const { index } of stamps) {
            const detail = `part larger than ${MAX_STAMP_PART_BYTES} bytes (MAX_STAMP_PART_BYTES)`;
            recordPart(plan, index, { partPath: current.path, outcome: 'STAMP_SKIPPED', detail });
          }
          yield* emitNode(current.node, current.lead);
          yield* current.raw;
          active = { kind: 'pass', node: current.node };
        }
        return;
      case 'sanitize':
        await current.session.write(chunk.value);
        return;
    }
  }

  async function* finish(current: Active): AsyncGenerator<Out> {
    if (current.kind === 'stamp') {
      const raw = Buffer.concat(current.raw);
      const stamped = await stampPart(current.node, current.path, raw, stamps);
      for (const { index, part } of stamped.results) {
        recordPart(plan, index, part);
      }
      yield* emitNode(current.node, current.lead);
      if (stamped.body) {
        ctx.changed = true;
        yield stamped.body;
      } else if (raw.length) {
        yield raw;
      }
    } else if (current.kind === 'sanitize') {
      yield* finishSanitize(current);
    }
  }

  async function* finishSanitize(current: Extract<Active, { kind: 'sanitize' }>): AsyncGenerator<Out> {
    const { session, path, index } = current;
    const outcome = await session.run(ctx.sanitize);
    if (outcome.sanitized) {
      ctx.changed = true;
      recordPart(plan, index, { partPath: path, outcome: 'SANITIZED', detail: outcome.reason });
      const body = session.sanitizedBody(); // sets Content-Transfer-Encoding: base64 before the node is written
      const first = await body.next();
      yield* emitNode(current.node, current.lead);
      if (!first.done) {
        yield first.value;
      }
      yield* body;
    } else if (current.deleteIfUnable) {
      recordPart(plan, index, { partPath: path, outcome: 'DELETED_UNABLE_TO_SANITIZE', detail: outcome.reason });
      ctx.changed = true;
      count(deleted, current.node);
    } else {
      recordPart(plan, index, { partPath: path, outcome: 'UNABLE_TO_SANITIZE', detail: outcome.reason });
      yield* emitNode(current.node, current.lead);
      yield* session.rawBody();
    }
  }

  return async function* (source: AsyncIterable<SplitterChunk>): AsyncGenerator<Out> {
    // A delimiter line must start a line (RFC 2046 §5.1.1). mailsplit gives the line break in front
    // of it to the delimiter only after a leaf body; after a dropped multipart the line break went
    // with the dropped bytes, and the kept body before it has none: put one back.
    let last = 0x0a;
    for await (const out of walk(source)) {
      const value = Buffer.isBuffer(out) ? out : out.type === 'node' ? null : out.value;
      if (value && last !== 0x0a && (Buffer.isBuffer(out) || out.type === 'data') && value[0] === 0x2d && value[1] === 0x2d) {
        yield Buffer.from('\r\n', 'latin1');
      }
      yield out;
      last = value === null ? 0x0a : value.length ? value[value.length - 1]! : last;
    }
  };

  async function* walk(source: AsyncIterable<SplitterChunk>): AsyncGenerator<Out> {
    try {
      for await (const chunk of source) {
        if (active) {
          if (belongs(active, chunk)) {
            yield* feed(active, chunk);
            continue;
          }
          const done = active;
          active = null;
          yield* finish(done);
        }
        if (chunk.type !== 'node' && !seenNodes.has(chunk.node)) {
          // the delimiter line in front of a part whose headers have not come yet
          if (pending && pending.node !== chunk.node) {
            yield* pending.chunks;
            pending = null;
          }
          pending ??= { node: chunk.node, chunks: [] };
          pending.chunks.push(chunk);
          continue;
        }
        let lead: MessageChunk[] = [];
        if (pending) {
          if (chunk.type === 'node' && pending.node === chunk) {
            lead = pending.chunks;
          } else {
            yield* pending.chunks;
          }
          pending = null;
        }
        if (chunk.type === 'node') {
          seenNodes.add(chunk);
          yield* decide(chunk, lead);
        } else if (chunk.type === 'data') {
          yield* emitData(chunk.value, chunk);
        } else {
          yield chunk;
        }
      }
      if (active) {
        const done: Active = active;
        active = null;
        yield* finish(done);
      }
      if (pending) {
        yield* (pending as { chunks: MessageChunk[] }).chunks;
      }
    } finally {
      if (active && (active as Active).kind === 'sanitize') {
        (active as Extract<Active, { kind: 'sanitize' }>).session.destroy();
      }
    }
  }
}
