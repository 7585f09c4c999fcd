/**
 * Support for the multi-process runner's tests. Worker threads and child processes run plain Node, which
 * cannot load the TypeScript sources, so the worker entry, the test systems and the runner host are
 * bundled with esbuild from the current sources (as `processes.ts` does for its writers), in one build with
 * shared chunks: the worker, the system module it imports and the stores it loads by name then share one
 * copy of eventsourcing.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const LIB = resolve(import.meta.dirname, '../..')

/** The bundled modules. */
export interface MultiprocessBundle {
  /** The worker threads' entry, for the runner's workerUrl option. */
  readonly workerUrl: URL
  /** The module of the test systems, for the runner's systemModule option. */
  readonly systemModule: URL
  /** The runner host's file, for {@link startHost}. */
  readonly hostPath: string
  /** The projection host's file, for {@link startHost}. */
  readonly projectionHostPath: string
  /** Removes the bundle. */
  remove(): void
}

/** Bundles the worker, the test systems and the runner host from the current sources. */
export async function bundleMultiprocess(): Promise<MultiprocessBundle> {
  // Inside lib, so that the bundle resolves pg from the workspace's node_modules; dist/ is git-ignored.
  const outdir = resolve(import.meta.dirname, `dist/multiprocess-${process.pid}-${Date.now().toString(36)}`)
  await build({
    entryPoints: {
      worker: resolve(import.meta.dirname, 'multiprocess-worker.ts'),
      'multiprocess-system': resolve(import.meta.dirname, 'multiprocess-system.ts'),
      'runner-host': resolve(import.meta.dirname, 'runner-host.ts'),
      'projection-host': resolve(import.meta.dirname, 'projection-host.ts'),
      // The stores, loaded by name at run time (see bundled-stores.ts).
      sqlite: resolve(LIB, 'src/sqlite/index.ts'),
      postgres: resolve(LIB, 'src/postgres/index.ts'),
      cipher: resolve(LIB, 'src/cipher/index.ts'),
      compressor: resolve(LIB, 'src/compressor/index.ts'),
    },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'es2022',
    conditions: ['eventsourcing-source'],
    // lib's package.json says it has no side effects, which is true of everything but the entries' imports.
    ignoreAnnotations: true,
    external: ['pg'],
    logLevel: 'silent',
  })
  return {
    workerUrl: pathToFileURL(resolve(outdir, 'worker.mjs')),
    systemModule: pathToFileURL(resolve(outdir, 'multiprocess-system.mjs')),
    hostPath: resolve(outdir, 'runner-host.mjs'),
    projectionHostPath: resolve(outdir, 'projection-host.mjs'),
    remove: () => rmSync(outdir, { recursive: true, force: true }),
  }
}

/** What a runner host does (see runner-host.ts). */
export interface HostArgs {
  settings: Record<string, string>
  /** The export of multiprocess-system.ts that returns the system. */
  systemExport: 'part4System' | 'failingSystem'
  /** 'run' runs until killed; 'catch-up' waits for the followers, stops and exits. */
  mode: 'run' | 'catch-up'
  pollIntervalMs?: number
}

/** What a projection host does (see projection-host.ts). */
export interface ProjectionHostArgs {
  settings: Record<string, string>
  /** 'run' runs until killed; 'catch-up' waits for the view to reach the log's end, stops and exits. */
  mode: 'run' | 'catch-up'
}

/** A running runner host. */
export interface Host {
  readonly child: ChildProcess
  /** Resolves once the runner has started. */
  readonly started: Promise<void>
  /** Resolves with its output when it exits with code 0 or is killed; rejects with its stderr otherwise. */
  readonly exited: Promise<string>
}

const hosts = new Set<ChildProcess>()

/** Kills the runner hosts still running (after a failed test), by their process ids. */
export function killHosts(): void {
  for (const child of hosts) child.kill('SIGKILL')
}

/** Starts a runner host process, or with `ProjectionHostArgs` a projection host process. */
export function startHost(bundle: MultiprocessBundle, args: HostArgs | ProjectionHostArgs): Host {
  const path = 'systemExport' in args ? bundle.hostPath : bundle.projectionHostPath
  // stdin is a pipe the host watches: when this process ends, so does the host.
  const child = spawn(process.execPath, [path, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] })
  hosts.add(child)
  child.on('close', () => hosts.delete(child))
  let stdout = ''
  let stderr = ''
  let onStarted = () => {}
  const started = new Promise<void>((resolvePromise) => (onStarted = resolvePromise))
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    if (/^started$/m.test(stdout)) onStarted()
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<string>((resolvePromise, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (code === 0 || signal === 'SIGKILL') resolvePromise(stdout)
      else reject(new Error(`The runner host exited with code ${code}: ${stderr}`))
    })
  })
  return { child, started: Promise.race([started, exited.then(() => {})]), exited }
}

/** Polls `check` until it returns true, for at most `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Gave up after ${timeoutMs} ms waiting until ${what}.`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
