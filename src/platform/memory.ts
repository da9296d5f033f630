// Releasing memory between the phases of a large batch operation (a migration parses,
// analyses and imports hundreds of MB of short-lived objects). On a machine with much
// RAM, V8 defers major collections and the process keeps the garbage of one phase while
// the next allocates; a collection at the boundary keeps the peak near the live data.
// Needs node --expose-gc (npm start, npm run migrate and the benchmark pass it); without
// it this does nothing and only the peak memory is higher.

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}
