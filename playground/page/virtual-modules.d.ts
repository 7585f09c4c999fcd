// Browser only.
/** The modules the playground's Vite plugin (`build/vite-plugin.ts`) provides. */
declare module 'virtual:playground/runtime' {
  /** The URL path of the directory the runtime modules are served from. */
  export const runtimeDirectory: string
  /** The runtime modules' file names, relative to that directory. */
  export const runtimeFiles: string[]
}

declare module 'virtual:playground/types' {
  /** The ambient declarations given to the editor: the library, `node:assert/strict` and `vitest`. */
  const types: { library: string; assert: string; testing: string }
  export default types
}
