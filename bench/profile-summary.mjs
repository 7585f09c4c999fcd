/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): where the samples fell, by category, file and
 * function, counting self time only (time spent in the function's own code, not in what it called).
 * Our library's compiled files are mapped back to `lib/src/*.ts` lines through their source maps, so
 * the hot spots in our code read as source locations. Also runnable alone:
 * `node bench/profile-summary.mjs <file.cpuprofile>`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Returns a text summary of the profile: totals by category, top files and top functions by self time. */
export function summariseProfile(file, root = process.cwd(), top = 20) {
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  const selfTime = new Map()
  const deltas = profile.timeDeltas ?? []
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]))
  for (let index = 0; index < profile.samples.length; index++) {
    const id = profile.samples[index]
    selfTime.set(id, (selfTime.get(id) ?? 0) + (deltas[index] ?? 0))
  }
  // Idle time and the profiler's own start and stop are not the workload's.
  for (const id of selfTime.keys()) {
    const { functionName, url } = byNode.get(id).callFrame
    if (functionName === '(idle)' || url === 'node:inspector') selfTime.delete(id)
  }
  const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0) || 1
  const byFunction = new Map()
  const byFile = new Map()
  const byCategory = new Map()
  for (const [id, micros] of selfTime) {
    const { callFrame } = byNode.get(id)
    const { where, line } = location(callFrame, root)
    const name = callFrame.functionName || '(anonymous)'
    const key = `${name}  ${where}${line ? `:${line}` : ''}`
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros)
    byFile.set(where, (byFile.get(where) ?? 0) + micros)
    const category = categorise(callFrame.url, name)
    byCategory.set(category, (byCategory.get(category) ?? 0) + micros)
  }
  const share = (micros) => `${((100 * micros) / total).toFixed(1).padStart(5)}%`
  const list = (map, count) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([key, micros]) => `    ${share(micros)}  ${key}`)
  return [
    `  profile ${relative(root, file)} (${Math.round(total / 1000)} ms sampled), self time:`,
    '  by category:',
    ...list(byCategory, 6),
    '  by file:',
    ...list(byFile, 10),
    '  by function:',
    ...list(byFunction, top),
  ].join('\n')
}

const sourceMaps = new Map()

/** Where a frame is: a source file of ours (through its source map) or the file that ran, and a line. */
function location({ url, lineNumber, columnNumber }, root) {
  if (!url) return { where: '(native)', line: undefined }
  const path = url.startsWith('file://') ? fileURLToPath(url) : url
  if (!path.startsWith('/')) return { where: path, line: lineNumber + 1 }
  if (!sourceMaps.has(path)) {
    const mapFile = `${path}.map`
    sourceMaps.set(path, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null)
  }
  const entry = sourceMaps.get(path)?.findEntry(lineNumber, columnNumber)
  if (entry?.originalSource) {
    const source = resolve(dirname(path), entry.originalSource.replace(/^file:\/\//, ''))
    return { where: relative(root, source), line: entry.originalLine + 1 }
  }
  return { where: relative(root, path), line: lineNumber + 1 }
}

function categorise(url, name) {
  if (/\/lib\/(dist|src)\/|\/node_modules\/eventsourcing\//.test(url)) return 'ours (lib)'
  if (url.includes('/node_modules/')) {
    const [scope, name] = url.split('/node_modules/').at(-1).split('/')
    return `dependency (${scope.startsWith('@') ? `${scope}/${name}` : scope})`
  }
  if (url.includes('.bench-output/build')) return 'benchmark code'
  if (url.startsWith('node:')) return 'node built-ins'
  if (name === '(garbage collector)') return 'garbage collector'
  if (name === '(idle)' || name === '(program)') return name
  return 'engine and native'
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const file of process.argv.slice(2)) console.log(summariseProfile(file))
}
