// Pure.
/**
 * The TypeScript options snippets are checked with, in the editor (Monaco's TypeScript worker) and in
 * `tutorial-tests` (TypeScript 5.9.3, Monaco's version). Enum values are numbers and `lib` lists file names,
 * because Monaco takes the raw `CompilerOptions` object.
 */
export const SNIPPET_COMPILER_OPTIONS = {
  /** ES2022: standard class fields; decorators are checked as TC39 decorators. */
  target: 9,
  /** ESNext modules, so top-level `await` is allowed. */
  module: 99,
  /** Bundler resolution; the library and assert are ambient `declare module`s anyway. */
  moduleResolution: 100,
  /** Every block is a module, so blocks of one page do not clash. */
  moduleDetection: 3,
  /** File names, not short names (Monaco needs them): snippets run in a Web Worker. */
  lib: ['lib.esnext.d.ts', 'lib.webworker.d.ts'],
  strict: true,
  experimentalDecorators: false,
  useDefineForClassFields: true,
  esModuleInterop: true,
  skipLibCheck: true,
  allowNonTsExtensions: true,
  noEmit: true,
} as const
