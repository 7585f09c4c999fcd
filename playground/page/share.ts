// Browser only.
/**
 * Sharing a block by link. Share puts the block's code in the address's fragment (`share-link.ts`) and copies the
 * link; opening such a link shows that code in its block, under a "Shared code" banner with a way back, and never
 * runs it: running code from a link is the reader's choice, made by pressing Run. Loaded only when a reader presses
 * Share or opens a share link, so it adds nothing to a page's load.
 */
import { shareMessages as messages } from '../shared/share-messages'
import { decodeShareFragment, encodeShareFragment, ShareLinkError, type SharedCode } from '../shared/share-link'
import type { LiveCodeElement } from './playground-element'

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text = '',
): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), { className, textContent: text })
}

/** Shows what Share did under the block's toolbar, replacing what it showed last time. */
function showShareResult(block: LiveCodeElement, ...content: Array<Node | string>): void {
  block.querySelector(':scope > .es-share-result')?.remove()
  const result = element('div', 'es-share-result not-content')
  result.setAttribute('role', 'status')
  result.append(...content)
  block.querySelector(':scope > .es-toolbar')?.after(result)
}

/**
 * Puts the block's code in a share link, writes it into the address bar and copies it; if the browser refuses the
 * copy, shows the link in a field to copy by hand. Code too long for a link gets a message and no link.
 */
export async function shareBlock(block: LiveCodeElement): Promise<void> {
  const blockId = block.dataset['blockId']
  if (!blockId) return
  let fragment: string
  try {
    fragment = await encodeShareFragment(blockId, block.code)
  } catch (error) {
    showShareResult(block, error instanceof ShareLinkError ? error.message : String(error))
    return
  }
  const url = new URL(location.href)
  url.hash = fragment
  // replaceState, not location.hash: no hashchange, so the sharer's own block does not turn into "shared code".
  history.replaceState(history.state, '', url)
  try {
    await navigator.clipboard.writeText(url.href)
    showShareResult(block, messages.shareCopied)
  } catch {
    const field = element('input', 'es-share-field')
    field.readOnly = true
    field.value = url.href
    field.setAttribute('aria-label', messages.shareLinkLabel)
    showShareResult(block, messages.shareCopyField, ' ', field)
    field.select()
  }
}

/** Shows a note about a share link that could not be opened at the top of the page. */
function showNote(text: string): void {
  const note = element('p', 'es-share-note')
  note.setAttribute('role', 'alert')
  note.textContent = text
  const content = document.querySelector('.sl-markdown-content') ?? document.querySelector('main') ?? document.body
  content.prepend(note)
  note.scrollIntoView({ block: 'center' })
}

/** The live block a share link names, if the page has it (node-only blocks have no share link). */
function findBlock(blockId: string): HTMLElement | undefined {
  return [...document.querySelectorAll<HTMLElement>('es-playground[data-block-id], es-exercise[data-block-id]')].find(
    (candidate) => candidate.dataset['blockId'] === blockId && !candidate.hasAttribute('data-node-only'),
  )
}

/**
 * Opens the share link in the address (`location.hash`): its code in its block, marked as shared, scrolled into
 * view, not run. A damaged or over-long link, or one for a block this page does not have, leaves the chapter's code
 * and shows a note saying why.
 */
export async function openShareLink(hash: string = location.hash): Promise<void> {
  document.querySelector('.es-share-note')?.remove()
  let shared: SharedCode
  try {
    shared = await decodeShareFragment(hash)
  } catch (error) {
    showNote(error instanceof ShareLinkError ? error.message : messages.sharedGarbled)
    return
  }
  const target = findBlock(shared.blockId)
  if (!target) {
    showNote(messages.sharedUnknownBlock(shared.blockId))
    return
  }
  await customElements.whenDefined(target.localName)
  const block = target as LiveCodeElement
  const exercise = target.localName === 'es-exercise'
  const banner = element('div', 'es-shared not-content')
  banner.setAttribute('role', 'note')
  const back = element('button', 'es-button', exercise ? messages.backToOwnCode : messages.backToChapter)
  back.type = 'button'
  back.addEventListener('click', () => block.showOwnCode())
  banner.append(
    element('strong', 'es-shared-marker', messages.sharedMarker),
    ' ',
    exercise ? messages.sharedExerciseHelp : messages.sharedHelp,
    ' ',
    back,
  )
  block.showShared(banner, shared.code)
  block.scrollIntoView({ block: 'start' })
}
