// Browser only.
/**
 * Registers the site's service worker (built by `offline-integration.ts`, production builds only), so that a reader
 * who visited once can read the chapters and run their code without the network. It waits for `load`: installing
 * the worker downloads the whole precache (the editor and the compiler included), which must not compete with the
 * page's own first requests.
 */
function register(): void {
  navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((error: unknown) => {
    console.warn('The service worker was not registered, so this site will not work offline:', error)
  })
}

if ('serviceWorker' in navigator) {
  if (document.readyState === 'complete') register()
  else addEventListener('load', register, { once: true })
}
