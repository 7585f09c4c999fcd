/**
 * Running the Python `eventsourcing` library (an unmodified copy of release 9.2.22, a test-time dependency
 * that is never part of the package) from the interoperability tests: where the copy is, and a runner for
 * the scripts in `lib/test/python/`. When Python, its packages or the copy are missing the tests FAIL with a
 * message saying how to provide them: nothing is skipped.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')
const SCRIPTS = resolve(import.meta.dirname, '../python')
const PYTHON = '/usr/bin/python3'

/**
 * The folder holding the Python library's copy (with `eventsourcing/` inside): `PYTHON_EVENTSOURCING_PATH`
 * if set, else `<project root>/../shared/vendor/python-eventsourcing`, else
 * `/work/shared/vendor/python-eventsourcing`.
 */
export function pythonLibraryPath(): string {
  // A path set explicitly is the only one tried, so that a wrong setting fails rather than being passed over.
  const explicit = process.env.PYTHON_EVENTSOURCING_PATH
  const candidates = explicit
    ? [explicit]
    : [resolve(ROOT, '../shared/vendor/python-eventsourcing'), '/work/shared/vendor/python-eventsourcing']
  const found = candidates.find((path) => existsSync(resolve(path, 'eventsourcing/persistence.py')))
  if (found === undefined) {
    throw new Error(
      `The interoperability tests need a copy of the Python eventsourcing library 9.2.22 (its eventsourcing/ ` +
        `package folder, and the Crypto/ alias beside it), but none was found in: ${candidates.join(', ')}. ` +
        `Put it in ../shared/vendor/python-eventsourcing beside the project, or set PYTHON_EVENTSOURCING_PATH ` +
        `to its folder.`,
    )
  }
  return found
}

/** Runs `lib/test/python/<script>` with the library's copy and the given settings; returns its JSON output. */
export function runPython(script: string, args: string[], env: Record<string, string>): unknown {
  const result = spawnSync(PYTHON, [resolve(SCRIPTS, script), ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONPATH: `${pythonLibraryPath()}:${SCRIPTS}`, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(
      `python3 ${script} ${args.join(' ')} failed (${result.error?.message ?? `exit status ${result.status}`}):\n` +
        `${result.stderr}`,
    )
  }
  return JSON.parse(result.stdout)
}

beforeAll(() => {
  pythonLibraryPath()
  const check = spawnSync(PYTHON, ['-c', 'import psycopg2, Cryptodome'], { encoding: 'utf8' })
  if (check.error !== undefined || check.status !== 0) {
    throw new Error(
      `The interoperability tests run the Python library with Debian's ${PYTHON} and its packages ` +
        `python3-psycopg2 and python3-pycryptodome, which are not all installed ` +
        `(${check.error?.message ?? check.stderr.trim()}). Install them: apt-get install -y python3 ` +
        `python3-psycopg2 python3-pycryptodome.`,
    )
  }
})
