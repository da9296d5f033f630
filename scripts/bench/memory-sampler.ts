// Peak resident memory of this process, sampled by a timer. A timer cannot fire while
// synchronous code runs (parsing, analysing), so each segment also takes a sample at its
// end, and the caller compares with the kernel's high-water mark (resourceUsage().maxRSS).

/** Often enough to see a phase of a few hundred ms; cheap (process.memoryUsage.rss()). */
export const SAMPLE_INTERVAL_MS = 20;
/** resourceUsage().maxRSS is in kibibytes. */
export const MAX_RSS_UNIT_BYTES = 1024;

export interface MemorySampler {
  /** Highest RSS since start(), in bytes. */
  peakBytes(): number;
  /** Highest RSS since the previous call (or start()), sampled now too; resets the segment. */
  endSegment(): number;
  samples(): number;
  stop(): void;
}

export function startMemorySampler(): MemorySampler {
  let peak = 0;
  let segmentPeak = 0;
  let count = 0;
  const sample = (): number => {
    const rss = process.memoryUsage.rss();
    count++;
    if (rss > peak) peak = rss;
    if (rss > segmentPeak) segmentPeak = rss;
    return rss;
  };
  sample();
  const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
  timer.unref();
  return {
    peakBytes: () => peak,
    endSegment: () => {
      sample();
      const p = segmentPeak;
      segmentPeak = 0;
      return p;
    },
    samples: () => count,
    stop: () => {
      sample();
      clearInterval(timer);
    },
  };
}

/** The kernel's high-water mark of this process's RSS, in bytes. */
export function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * MAX_RSS_UNIT_BYTES;
}
