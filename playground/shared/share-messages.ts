// Pure.
/**
 * The strings of share links (`share-link.ts`, `page/share.ts`), in the style of `messages.ts` but apart from it:
 * `messages.ts` loads with every page, and these only when a reader shares a block or opens a share link.
 */

export const shareMessages = {
  shareCopied: 'Link copied: it opens this page with this code in this block.',
  shareCopyField: 'Copy this link (the browser did not let the page copy it):',
  shareLinkLabel: 'Share link',
  shareTooLong: (chars: number, limit: number) =>
    `This code is too long to share by link: its ${chars.toLocaleString('en')} characters do not pack into the ` +
    `${limit.toLocaleString('en')} characters a link may have. Shorten it, or send the code as text.`,
  sharedMarker: 'Shared code',
  sharedHelp: 'This block shows code from a link. It has not run: press Run to run it.',
  sharedExerciseHelp:
    'This exercise shows code from a link. It has not run: press Run tests to try it. Your own code and progress ' +
    'are kept, and nothing you do with the shared code changes them.',
  backToChapter: "Back to the chapter's code",
  backToOwnCode: 'Back to your code',
  sharedUnknownBlock: (blockId: string) =>
    `This link shares code for a block ("${blockId}") this page does not have (the chapter may have changed since ` +
    "the link was made), so the page shows the chapter's code. Ask for a new link.",
  sharedGarbled:
    "This share link is damaged (it may have been cut off when it was copied), so the page shows the chapter's " +
    'code. Ask for the whole link again.',
  sharedTooLong: (chars: number, limit: number) =>
    `This share link is ${chars.toLocaleString('en')} characters long, more than the ` +
    `${limit.toLocaleString('en')} a link may have, so the page shows the chapter's code.`,
} as const
