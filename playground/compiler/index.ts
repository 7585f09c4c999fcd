// Pure.
/** The compiler: joins a chain of blocks into one program and compiles it with the esbuild it is given. */
export {
  compile,
  TRANSFORM_OPTIONS,
  type CompiledProgram,
  type CompileOptions,
  type CompileResult,
  type PrecompiledPage,
  type Transform,
  type TransformOptions,
} from './compile'
export { SNIPPET_COMPILER_OPTIONS } from './compiler-options'
export {
  ASSERT_SPECIFIER,
  LIBRARY_SPECIFIERS,
  NODE_LIBRARY_SPECIFIERS,
  PGLITE_INITDB_PARAMS,
  PGLITE_TEMPLATE_FILE,
  SQLJS_WASM_FILE,
  STORE_SPECIFIERS,
  PLAYGROUND_SPECIFIERS,
  playgroundModules,
  relocate,
  RUNTIME_PLACEHOLDER,
  runtimeModuleFile,
  TESTING_SPECIFIER,
  unknownModuleMessage,
  type ModuleMap,
} from './modules'
export { assembleProgram, BLOCK_MARKER, locateInParts, type AssembledProgram, type ProgramPart } from './program'
export { typeContext, type TypeFile } from './type-context'
