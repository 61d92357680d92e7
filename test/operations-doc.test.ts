/**
 * docs/operations.md's Analytics Engine queries read what the gateway writes: the dataset bound
 * in wrangler.toml, and each `blobN AS name` / `doubleN` the column the gateway puts that field in
 * (core/ops/metrics.ts), so a query cannot silently read the wrong field after a layout change.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { METRIC_BLOBS, METRIC_DOUBLES } from '../core/ops/metrics';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const doc = read('docs/operations.md');
const wrangler = parse(read('wrangler.toml')) as {
  analytics_engine_datasets?: Array<{ binding: string; dataset: string }>;
};
const queries = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('the documented metrics queries', () => {
  it('there is one for calls, errors by kind, throttling, latency percentiles', () => {
    expect(queries.length).toBeGreaterThanOrEqual(4);
    const all = queries.join('\n');
    for (const needed of ['AS calls', 'AS errorKind', 'AS throttled', 'AS p95Ms']) expect(all).toContain(needed);
  });

  it('each reads the dataset the METRICS binding writes', () => {
    const dataset = wrangler.analytics_engine_datasets?.find((entry) => entry.binding === 'METRICS')?.dataset;
    expect(dataset).toBeTruthy();
    for (const query of queries) expect(query).toMatch(new RegExp(`FROM ${dataset}\\b`));
  });

  it('each column it names is the column the gateway writes that field to, and counts are sample-weighted', () => {
    for (const query of queries) {
      for (const [, n, alias] of query.matchAll(/\bblob(\d+) AS (\w+)/g))
        expect(alias).toBe(METRIC_BLOBS[Number(n) - 1]);
      for (const [, n] of query.matchAll(/\bblob(\d+)\b/g)) expect(Number(n)).toBeLessThanOrEqual(METRIC_BLOBS.length);
      for (const [, n] of query.matchAll(/\bdouble(\d+)\b/g))
        expect(Number(n)).toBeLessThanOrEqual(METRIC_DOUBLES.length);
      expect(query).toContain('_sample_interval');
    }
    // The fields the throttling and latency queries read.
    const all = queries.join('\n');
    expect(all).toContain(`double${METRIC_DOUBLES.indexOf('durationMs') + 1}, _sample_interval`);
    expect(all).toContain(`double${METRIC_DOUBLES.indexOf('throttled') + 1} * _sample_interval) AS throttled`);
    expect(all).toContain(`double${METRIC_DOUBLES.indexOf('retries') + 1} * _sample_interval) AS retries`);
    expect(all).toContain(`blob${METRIC_BLOBS.indexOf('outcome') + 1} != 'ok'`);
  });

  it('the column table of the doc says what the gateway writes', () => {
    METRIC_BLOBS.forEach((name, i) => {
      const row = new RegExp(`\\| \`blob${i + 1}\`\\s*\\| ([^|]+)\\|`).exec(doc)?.[1] ?? '';
      expect(row.toLowerCase().replace(/ /g, ''), `blob${i + 1}`).toContain(
        name === 'errorKind' ? 'errorkind' : name.toLowerCase(),
      );
    });
  });
});
