// The tutorial site: Astro + Starlight, content in docs/content/docs/. Fenced code marked `ts runnable`
// becomes a live block (the live-code engine is the workspace package in playground/). Run `npm start` (build and serve) or `npm run dev`.
import { defineConfig } from 'astro/config'
import starlight from '@astrojs/starlight'
import starlightTypeDoc, { typeDocSidebarGroup } from 'starlight-typedoc'
import starlightLinksValidator from 'starlight-links-validator'
import { satteri } from '@astrojs/markdown-satteri'
import { playgroundMarkdownPlugin } from './playground/build/markdown-plugin.ts'
import { playgroundVitePlugin } from './playground/build/vite-plugin.ts'
import { apiReferenceOptions } from './docs/api-reference/options.mjs'
import { offlineIntegration } from './docs/offline/offline-integration.ts'

export default defineConfig({
  srcDir: './docs',
  publicDir: './docs/public',
  server: { host: '127.0.0.1', port: 4321 },
  vite: {
    plugins: [playgroundVitePlugin()],
    worker: { format: 'es' },
  },
  markdown: {
    processor: satteri({ mdastPlugins: [playgroundMarkdownPlugin] }),
  },
  integrations: [
    starlight({
      title: 'eventsourcing',
      description: 'Event sourcing in TypeScript, with a tutorial whose code runs in your browser.',
      components: { MarkdownContent: './docs/components/Playground.astro' },
      // The API reference: TypeDoc over the library's TSDoc, written to docs/content/docs/api/ at build time.
      // The links validator fails the build on a link to a page or heading that does not exist.
      plugins: [starlightTypeDoc(apiReferenceOptions), starlightLinksValidator()],
      sidebar: [
        {
          label: 'Tutorial',
          items: [
            { label: 'Part 1: Getting started', slug: 'tutorial/part-1' },
            { label: 'Part 2: Aggregates', slug: 'tutorial/part-2' },
            { label: 'Part 3: Applications', slug: 'tutorial/part-3' },
            { label: 'Part 4: Systems', slug: 'tutorial/part-4' },
            { label: 'Part 5: Projections', slug: 'tutorial/part-5' },
          ],
        },
        { label: 'Modules', items: [{ autogenerate: { directory: 'modules' } }] },
        typeDocSidebarGroup,
        {
          label: 'Guides',
          items: [
            { label: 'From Python to TypeScript', slug: 'guides/python-to-typescript' },
            { label: 'Sharing a database with Python', slug: 'guides/sharing-a-database-with-python' },
            { label: 'Live code blocks', slug: 'guides/playground' },
          ],
        },
      ],
    }),
    // After the build: the service worker that lets a visited tutorial work offline (production builds only).
    offlineIntegration(),
  ],
})
