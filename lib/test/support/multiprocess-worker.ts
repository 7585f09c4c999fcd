/**
 * The worker entry the multi-process tests bundle: the library's worker, after the hooks that make the
 * stores load from the bundle (see bundled-stores.ts).
 */
import './bundled-stores.js'
import '../../src/multiprocess/worker.js'
