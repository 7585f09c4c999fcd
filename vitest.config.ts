import { transform } from 'esbuild'
import { defineConfig, type Plugin } from 'vitest/config'

/**
 * Compiles TypeScript with esbuild (target es2022), the compiler the playground uses in the browser.
 * Vite's default TypeScript transform does not lower standard decorators, which Node cannot run yet.
 */
function esbuildTypeScript(): Plugin {
  return {
    name: 'eventsourcing:esbuild-typescript',
    enforce: 'pre',
    async transform(code, id) {
      if (!/\.[cm]?tsx?$/.test(id.split('?')[0]!)) return null
      const result = await transform(code, {
        loader: id.endsWith('x') ? 'tsx' : 'ts',
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
  plugins: [esbuildTypeScript()],
  resolve: { conditions: ['eventsourcing-source'] },
  ssr: { resolve: { conditions: ['eventsourcing-source'], externalConditions: ['eventsourcing-source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'lib',
          include: ['lib/src/**/*.test.ts', 'lib/test/**/*.test.ts'],
          exclude: ['**/*.postgres.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['lib/src/**/*.postgres.test.ts', 'lib/test/**/*.postgres.test.ts'],
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'tutorial',
          include: ['tutorial-tests/**/*.test.ts', 'playground/**/*.test.ts'],
          exclude: ['tutorial-tests/browser/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tutorial-tests/browser/**/*.browser.test.ts'],
          globalSetup: ['tutorial-tests/browser/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // A browser on a busy machine may take seconds to show what a poll waits for.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
})
