import { parentPort, workerData } from 'node:worker_threads';
import type { Projection } from '../Projection.js';
import { foldPage } from './foldPage.js';
import type { FoldReply, FoldRequest, FoldWorkerData } from './foldThread.js';

// Inside a rebuild's worker thread: decodes and folds the pages the main
// thread reads, and answers with deltas only.
export function serveFolds(allProjections: readonly Projection[]): void {
  const { names } = workerData as FoldWorkerData;
  const projections = names.map((name) => {
    const projection = allProjections.find((candidate) => candidate.name === name);
    if (!projection) throw new Error(`no projection ${name} in the fold thread`);
    return projection;
  });
  const port = parentPort;
  if (!port) throw new Error('serveFolds runs only in a worker thread');
  port.on('message', ({ id, events }: FoldRequest) => {
    let reply: FoldReply;
    try {
      reply = { id, page: foldPage(projections, events) };
    } catch (error) {
      reply = {
        id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
    port.postMessage(reply);
  });
}
