import { transform } from 'esbuild'
import { defineConfig, type Plugin } from 'vitest/config'

/**
 * Compiles TypeScript with esbuild for ES2022, which turns the library's standard decorators (`@event`) into plain
 * JavaScript. Node does not run standard decorators yet, and Vitest's own TypeScript transform leaves them as
 * they are, so without this plugin the tests fail with a syntax error at the first `@`.
 */
function decorators(): Plugin {
  return {
    name: 'dogschool:esbuild-decorators',
    enforce: 'pre',
    async transform(code, id) {
      if (!/\.[cm]?ts$/.test(id.split('?')[0]!)) return null
      const result = await transform(code, {
        loader: 'ts',
        target: 'es2022',
        format: 'esm',
        sourcemap: true,
        sourcefile: id,
      })
      return { code: result.code, map: result.map }
    },
  }
}

export default defineConfig({
  oxc: false,
  plugins: [decorators()],
  test: { include: ['tests/**/*.test.ts'] },
})
