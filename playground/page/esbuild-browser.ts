// Browser only.
/**
 * esbuild-wasm in the page: loaded on first need (never on page view), initialised once per page (a second
 * `initialize` throws), with the `.wasm` of the same package version served by the site.
 */
import wasmURL from 'esbuild-wasm/esbuild.wasm?url'
import { TRANSFORM_OPTIONS, type Transform } from '../compiler/compile'

let loading: Promise<Transform> | undefined

/** esbuild-wasm's `transform`, initialising esbuild on the first call. */
export function loadTransform(): Promise<Transform> {
  loading ??= import('esbuild-wasm').then(
    async (esbuild) => {
      await esbuild.initialize({ wasmURL, worker: true })
      return (input, options) => esbuild.transform(input, options)
    },
    (error: unknown) => {
      loading = undefined
      throw error
    },
  )
  return loading
}

/** Loads and exercises esbuild in idle time, so that the first Run does not wait for it. */
export function warmTransform(): void {
  const idle = globalThis.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 200))
  idle(() => {
    loadTransform()
      .then((transform) => transform('export {}', { ...TRANSFORM_OPTIONS, sourcefile: 'warm-up.ts' }))
      .catch(() => {})
  })
}
