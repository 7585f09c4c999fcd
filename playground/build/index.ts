// Node only.
//
/** The build-time side of the live code: the Astro Markdown plugin, the Vite plugin, precompiling and types. */
export { playgroundMarkdownPlugin, NODE_ONLY_COMMAND } from './markdown-plugin'
export { precompilePage, precompiledPath } from './precompile'
export { buildRuntimeModules, ROOT, type RuntimeFile, type RuntimeModules } from './runtime-modules'
export { buildPlaygroundTypes, type PlaygroundTypes } from './types'
export { playgroundVitePlugin } from './vite-plugin'
