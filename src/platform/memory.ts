// Releasing memory between the phases of a large batch operation (a migration parses,
// analyses and imports hundreds of MB of short-lived objects). On a machine with much
// RAM, V8 defers major collections and the process keeps the garbage of one phase while
// the next allocates; a collection at the boundary keeps the peak near the live data.
// Needs node --expose-gc (npm start, npm run migrate and the benchmark pass it); without
// it this does nothing and only the peak memory is higher.
import { getHeapStatistics } from 'node:v8';

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}

let heapFloor = Number.POSITIVE_INFINITY;

/**
 * Collects once the heap has grown by `budgetBytes` since the smallest it was seen here. For
 * a long write on the request thread whose garbage V8 would otherwise let pile up: without
 * --optimize-for-size it lets the old generation grow to several times the live data before
 * a full collection. Cheap when under budget (one heap statistic); without --expose-gc it
 * does nothing.
 */
export function collectGarbagePast(budgetBytes: number): void {
  const used = getHeapStatistics().used_heap_size;
  heapFloor = Math.min(heapFloor, used);
  if (used - heapFloor < budgetBytes) return;
  collectGarbage();
  heapFloor = getHeapStatistics().used_heap_size;
}
