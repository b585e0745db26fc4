import { parentPort, workerData } from 'node:worker_threads';
import type { Projection } from '../Projection.js';
import { foldPage } from './foldPage.js';
import type { EventTexts, FoldReply, FoldRequest, FoldWorkerData } from './foldThread.js';
import { upcast } from '../../events/registry.js';
import type { EncodedEvent } from '../projectedEvent.js';

// The store's JSON parsed here rather than on the reading thread, and
// brought up to the current schema as readAll does.
function parsed(texts: EventTexts): EncodedEvent[] {
  return texts.ids.map((id, index) => {
    const type = texts.types[index] as string;
    const data: unknown = JSON.parse(texts.dataTexts[index] as string);
    return {
      id,
      type,
      data: upcast(type, texts.schemaVersions[index] as number, data).data,
      metadata: {
        tenantId: texts.tenantIds[index],
        occurredAt: texts.occurredAts[index],
      } as EncodedEvent['metadata'],
      position: {
        commit: texts.commits[index] as bigint,
        prepare: texts.prepares[index] as bigint,
      },
    };
  });
}

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
      reply = {
        id,
        page: foldPage(projections, 'texts' in events ? parsed(events.texts) : events),
      };
    } catch (error) {
      reply = {
        id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
    port.postMessage(reply);
  });
}
