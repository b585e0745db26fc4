import { handleShutdownSignals } from './shutdown.js';

// The worker process: feeds, runs and rebuilds projections; any number may
// run at once. Signals are handled before the rest of the program loads.
const shutdown = handleShutdownSignals();
const { runWorkerProcess } = await import('./app/runWorkerProcess.js');
await runWorkerProcess(shutdown);
