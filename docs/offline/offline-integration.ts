// Node only.
/**
 * The Astro integration that makes the tutorial readable offline after one visit. After `astro build` it runs
 * Workbox's `generateSW` over the output directory, writing `sw.js` (and Workbox's runtime beside it), and it adds
 * the tiny registration script to every page of a production build. `astro dev` registers nothing, and retires a
 * worker a production build left on its origin (`retiring-service-worker.ts`). It is an integration
 * rather than a step after the build in `package.json` so that every `astro build` (`npm start`, the browser tests'
 * global setup, the bench) ships the same worker.
 *
 * What is precached is what a chapter needs to work with no network: the pages other than the API reference, every
 * asset under `_astro/` (CSS, scripts, Monaco and its workers, esbuild's wasm, the playground's runtime modules),
 * the precompiled programs of the live blocks, and the search index. The API reference (about 260 pages) is cached
 * as it is read; other WebAssembly (the databases' engines) is cached on first use.
 */
import { fileURLToPath } from 'node:url'
import type { AstroIntegration } from 'astro'
import { generateSW, type BuildResult } from 'workbox-build'
import { RETIRING_SERVICE_WORKER } from './retiring-service-worker'

const REGISTER = fileURLToPath(new URL('register-service-worker.ts', import.meta.url))

/** The one WebAssembly file precached: esbuild's, which compiles an edited block. */
const COMPILER_WASM = '_astro/esbuild.*.wasm'
/** The largest file precached, in bytes: esbuild's wasm is about 14 MB (Workbox's default limit is 2 MiB). */
const MAXIMUM_FILE_SIZE_BYTES = 32 * 1024 * 1024

/** Escapes `text` for use inside a regular expression. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Writes `sw.js` into a built site's `directory`, precaching what a chapter needs offline; `base` is the site's base
 * path. Returns how many files are precached and their total size in bytes, and Workbox's warnings.
 */
export function generateServiceWorker(directory: string, base = '/'): Promise<BuildResult> {
  return generateSW({
    globDirectory: directory,
    swDest: `${directory}/sw.js`,
    globPatterns: [
      '*.html',
      '{tutorial,modules,guides}/**/*.html',
      '_astro/**/*.{js,css,ttf,woff,woff2,svg,png}',
      COMPILER_WASM,
      'playground-compiled/**/*.json',
      'pagefind/**/*',
      'favicon.svg',
    ],
    maximumFileSizeToCacheInBytes: MAXIMUM_FILE_SIZE_BYTES,
    modifyURLPrefix: { '': base },
    // Astro names everything under _astro/ by its content, so the name alone tells versions apart.
    dontCacheBustURLsMatching: /\/_astro\//,
    // A new deployment's worker takes over at once, so the reader's next page is the new version; Workbox
    // then deletes the precached files the new version no longer lists.
    skipWaiting: true,
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    sourcemap: false,
    runtimeCaching: [
      {
        // The API reference: the network's newest page when online, the last one read when offline.
        urlPattern: new RegExp(`^https?://[^/]+${escape(base)}api/`),
        handler: 'NetworkFirst',
        options: {
          cacheName: 'eventsourcing-api-reference',
          networkTimeoutSeconds: 5,
          expiration: { maxEntries: 400 },
        },
      },
      {
        // The database engines' WebAssembly (with its data files, and a new database's files) is large and used by
        // few pages: kept once fetched, never downloaded ahead. Content-hashed names make a cached copy safe to reuse.
        urlPattern: /\.(wasm|data|tar\.gz)(\?.*)?$/,
        handler: 'CacheFirst',
        options: {
          cacheName: 'eventsourcing-wasm',
          cacheableResponse: { statuses: [200] },
          expiration: { maxEntries: 20 },
        },
      },
    ],
  })
}

/** The site's service worker and its registration, for the site's base path (`/` by default). */
export function offlineIntegration(): AstroIntegration {
  let base = '/'
  return {
    name: 'eventsourcing-offline',
    hooks: {
      'astro:config:setup': ({ command, config, injectScript }) => {
        base = config.base.replace(/\/?$/, '/')
        if (command === 'build') injectScript('page', `import ${JSON.stringify(REGISTER)}`)
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((request, response, next) => {
          if (request.url?.split('?')[0] !== `${base}sw.js`) return next()
          response.setHeader('Content-Type', 'text/javascript')
          response.end(RETIRING_SERVICE_WORKER)
        })
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { count, size, warnings } = await generateServiceWorker(fileURLToPath(dir), base)
        for (const warning of warnings) logger.warn(warning)
        logger.info(`sw.js precaches ${count} files, ${(size / 1024 / 1024).toFixed(1)} MiB.`)
      },
    },
  }
}
