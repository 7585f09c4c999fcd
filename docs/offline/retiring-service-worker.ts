// Node only.
/**
 * The service worker `astro dev` serves in place of the production one. `npm start` and `npm run dev` share an
 * origin (127.0.0.1:4321), so a browser that ran the built site keeps its worker there, and that worker would answer
 * the dev server's pages from its precache of the last build. The browser checks for a new worker on navigation and
 * gets this one, which takes over, deletes the caches, unregisters itself and reloads the open pages from the dev
 * server.
 */
export const RETIRING_SERVICE_WORKER = `self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) await caches.delete(name)
    await self.registration.unregister()
    for (const client of await self.clients.matchAll({ type: 'window' })) client.navigate(client.url)
  })())
})
`
