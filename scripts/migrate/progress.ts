// Progress of a migration step on stderr, driven by the `migration.progress` events the
// use-cases emit (the same ones the GraphQL subscription forwards). On a terminal a
// cli-progress bar; otherwise (CI logs, pipes) one plain line per step, because a bar
// redrawn with carriage returns turns into noise in a file.
import { Presets, SingleBar } from 'cli-progress';
import type { Events } from '../../src/platform/events.js';

interface Reporter {
  update(percent: number, step: string): void;
  stop(): void;
}

export interface ProgressOptions {
  events: Events;
  tenantId: string;
  /** "analysis" or "import", shown before the bar. */
  label: string;
  stream: NodeJS.WriteStream;
}

/** Runs `task` while showing its progress events; the display ends before this returns. */
export async function withProgress<T>(opts: ProgressOptions, task: () => Promise<T>): Promise<T> {
  const reporter = opts.stream.isTTY ? barReporter(opts) : lineReporter(opts);
  const abort = new AbortController();
  const pump = (async () => {
    for await (const e of opts.events.subscribe('migration.progress', abort.signal)) {
      if (e.tenantId === opts.tenantId) reporter.update(e.percent, e.state === 'FAILED' ? `FAILED ${e.step}` : e.step);
    }
  })();
  try {
    return await task();
  } finally {
    // Events are emitted synchronously and consumed a tick later: let the last ones
    // (100 %, or FAILED) reach the display before the subscription ends.
    await new Promise((resolve) => setImmediate(resolve));
    abort.abort();
    await pump.catch(() => undefined);
    reporter.stop();
  }
}

function barReporter(opts: ProgressOptions): Reporter {
  const bar = new SingleBar(
    { format: `${opts.label.padEnd(8)} [{bar}] {percentage}% {step}`, stream: opts.stream, hideCursor: true, barsize: 30 },
    Presets.shades_classic,
  );
  bar.start(100, 0, { step: '' });
  return {
    update: (percent, step) => bar.update(percent, { step }),
    stop: () => bar.stop(),
  };
}

function lineReporter(opts: ProgressOptions): Reporter {
  let last = '';
  return {
    update(percent, step) {
      const line = `${opts.label}: ${String(percent).padStart(3)}% ${step}\n`;
      if (line !== last) opts.stream.write(line);
      last = line;
    },
    stop: () => undefined,
  };
}
