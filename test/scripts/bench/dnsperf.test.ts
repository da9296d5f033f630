// The benchmark reads dnsperf's statistics; a format it cannot read must stop it, not print zeros.
import { describe, expect, it } from 'vitest';
import { parseDnsperf } from '../../../scripts/bench/dnsperf.js';
import { percentile } from '../../../scripts/bench/latency.js';

// dnsperf 2.10.0's output (Debian bookworm), as printed at the end of a run.
const OUTPUT = `DNS Performance Testing Tool
Version 2.10.0

[Status] Command line: dnsperf -s 127.0.0.1 -p 35353 -d q.txt -l 2 -c 4 -q 100
[Status] Testing complete (time limit)

Statistics:

  Queries sent:         173703
  Queries completed:    173600 (99.94%)
  Queries lost:         103 (0.06%)

  Response codes:       NOERROR 86852 (50.00%), NXDOMAIN 86748 (50.00%)
  Average packet size:  request 34, response 127
  Run time (s):         2.000278
  Queries per second:   86839.429319

  Average Latency (s):  0.000987 (min 0.000011, max 0.105943)
  Latency StdDev (s):   0.003404
`;

describe('parseDnsperf', () => {
  it('reads the figures the tables print', () => {
    expect(parseDnsperf(OUTPUT)).toEqual({
      sent: 173703,
      completed: 173600,
      lost: 103,
      qps: 86839.429319,
      averageLatencySeconds: 0.000987,
      responseCodes: 'NOERROR 86852 (50.00%), NXDOMAIN 86748 (50.00%)',
      averageResponseBytes: 127,
    });
  });

  it('refuses output without statistics, naming what is missing', () => {
    expect(() => parseDnsperf('Error: could not open file')).toThrow(/Queries sent/);
  });
});

describe('percentile', () => {
  it('takes the nearest rank, so p99 of 100 samples is the 99th', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([], 99)).toBe(0);
  });
});
