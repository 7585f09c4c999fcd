// Pure.
/**
 * The messages of the browser's sandbox, where a run's code executes with an opaque origin (see `page/sandbox.ts`):
 * a hidden `sandbox="allow-scripts"` iframe creates a classic worker per run and hands it a `MessagePort` to the
 * page. Everything the worker needs from the site comes over that port, because an opaque origin can fetch nothing
 * of the site's and its Content Security Policy allows no network at all: the runtime modules and WebAssembly it
 * imports (only those: the page serves nothing else), the page's database channel, and the SQLite images the page
 * keeps in its IndexedDB. The run's own messages (`HostMessage`, `WorkerMessage`) travel on the same port.
 */
import type { DatabaseResponse } from './database-protocol'
import type { HostMessage, WorkerMessage } from './protocol'

/** The page → the sandbox's frame (`window.postMessage`). */
export type FrameCommand =
  | { type: 'worker-script'; code: string }
  | { type: 'spawn'; id: number; port: MessagePort }
  | { type: 'terminate'; id: number }

/** The sandbox's frame → the page. */
export type FrameReport = { type: 'frame-ready' } | { type: 'worker-error'; id: number; message: string }

/** A SQLite image operation, answered by the page's IndexedDB image store. */
export type ImageOperation =
  { op: 'load'; dbName: string } | { op: 'save'; dbName: string; image: Uint8Array } | { op: 'delete'; dbName: string }

/** An error carried over the port: its name and message, and its cause's (the library's fallback note reads it). */
export interface SandboxError {
  name: string
  message: string
  cause?: { name: string; message: string }
}

/** The page → a sandboxed worker: the run's messages, and the answers to its requests. */
export type SandboxHostMessage =
  | HostMessage
  /** The runtime modules' files a run may import (`urls`), and the scripts' contents, given ahead. */
  | { type: 'runtime-files'; urls: string[]; contents: Record<string, string> }
  | { type: 'file'; url: string; ok: true; contents: string | ArrayBuffer }
  | { type: 'file'; url: string; ok: false; error: string }
  | { type: 'database-channel'; message: DatabaseResponse }
  | { type: 'image'; id: number; ok: true; image?: Uint8Array }
  | { type: 'image'; id: number; ok: false; error: SandboxError }

/** A sandboxed worker → the page. */
export type SandboxWorkerMessage =
  | WorkerMessage
  | { type: 'file-request'; url: string }
  | { type: 'database-channel'; name: string; message: unknown }
  | ({ type: 'image-request'; id: number } & ImageOperation)

/**
 * The sandbox frame's Content Security Policy, which its workers inherit (they are made from `data:` URLs): scripts
 * only from `blob:` URLs (and the frame's own script, by `nonce`), workers only from `data:` URLs, WebAssembly
 * allowed, and no connection anywhere but `blob:` URLs. `eval` stays allowed, as in Node: it reaches nothing the
 * program's own code could not.
 */
export function sandboxPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' blob: 'unsafe-eval' 'wasm-unsafe-eval'`,
    'worker-src data:',
    'connect-src blob:',
  ].join('; ')
}
