/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, that any CI can read
 * (vitest's own summary is decorated for terminals).
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      let failedTests = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') failedTests++;
        else counts.skipped++;
      }
      counts.failed += failedTests;
      // A file can fail with no failed test: an import that throws collects nothing, a failed
      // beforeAll leaves its tests skipped. Either way the run failed and the line must say so.
      if (module.state() === 'failed' && failedTests === 0) counts.failed++;
    }
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
