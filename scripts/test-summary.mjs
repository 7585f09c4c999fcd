// Reads vitest's JSON report, prints the closing "N passed, N failed" line, and fails when any test
// was skipped or left as a todo: in CI, nothing may skip.
import { readFileSync } from 'node:fs'

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const skipped = report.numPendingTests + report.numTodoTests
const skippedSuites = report.numPendingTestSuites ?? 0
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`)
if (report.numTotalTests === 0) {
  console.error('No tests ran.')
  process.exit(1)
}
if (skipped > 0 || skippedSuites > 0) {
  console.error(`${skipped} test(s) and ${skippedSuites} suite(s) were skipped; nothing may skip in CI.`)
  process.exit(1)
}
if (report.numFailedTests > 0 || !report.success) process.exit(1)
