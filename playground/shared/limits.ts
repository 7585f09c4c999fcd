// Pure.
/** The limits of a run, shared by the browser's runner and `tutorial-tests`. */

/** How long a run may take before it is stopped, in milliseconds. */
export const DEFAULT_TIME_LIMIT_MS = 5_000

/** How many lines a run may print before it is stopped. */
export const DEFAULT_MAX_OUTPUT_LINES = 2_000

/** How long a run that reached its time limit has to send what it recorded before it is stopped, in milliseconds. */
export const COLLECT_GRACE_MS = 500
