// Browser only.
/**
 * Adds a stylesheet to the page once; the CSS of lazily loaded parts (the editor, the event explorer) arrives
 * this way, with their chunk, instead of loading with every page. `name` marks the `<style>` element.
 */
const injected = new Set<string>()

export function injectStyle(css: string, name = 'monaco'): void {
  if (injected.has(css)) return
  injected.add(css)
  const style = document.createElement('style')
  style.dataset.playground = name
  style.textContent = css
  document.head.append(style)
}
