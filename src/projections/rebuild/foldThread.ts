import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StoredEventText } from '../../eventstore/EventStore.js';
import type { EncodedEvent } from '../projectedEvent.js';
import type { FoldedPage } from './foldPage.js';

export interface FoldWorkerData {
  /** URL of a module exporting `allProjections`; the thread finds `names` there. */
  projectionsModule: string;
  names: string[];
}

/**
 * Stored events as they cross to the thread, a column per field (arrays of
 * plain values clone far cheaper than an object per event): their JSON still
 * text, parsed there.
 */
export interface EventTexts {
  ids: string[];
  types: string[];
  schemaVersions: number[];
  dataTexts: string[];
  tenantIds: Array<StoredEventText['metadata']['tenantId']>;
  occurredAts: Array<StoredEventText['metadata']['occurredAt']>;
  commits: bigint[];
  prepares: bigint[];
}

export interface FoldRequest {
  id: number;
  /** Events already parsed, or (from a store that reads text) still text. */
  events: readonly EncodedEvent[] | { texts: EventTexts };
}

export type FoldReply = { id: number; page: FoldedPage } | { id: number; error: string };

const foldWorkerUrl = new URL(
  `./foldWorker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`,
  import.meta.url,
);

// Projections hold functions, which cannot cross threads: the thread loads
// them from their module. Sources run through tsx, whose ESM hooks do not
// reach worker threads on Node 20; its CommonJS hook does, so TypeScript
// sources are required through it.
function threadSource(projectionsModule: string): string {
  const quoted = (url: string | URL) => JSON.stringify(fileURLToPath(url));
  if (projectionsModule.endsWith('.ts')) {
    const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
    return `require(${JSON.stringify(tsx)}).register();
      require(${quoted(foldWorkerUrl)}).serveFolds(require(${quoted(projectionsModule)}).allProjections);`;
  }
  return `Promise.all([import(${JSON.stringify(foldWorkerUrl.href)}), import(${JSON.stringify(projectionsModule)})])
      .then(([worker, loaded]) => worker.serveFolds(loaded.allProjections));`;
}

/** A worker thread that decodes and folds pages for a rebuild, one at a time, in order. */
export class FoldThread {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (page: FoldedPage) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(data: FoldWorkerData) {
    this.worker = new Worker(threadSource(data.projectionsModule), {
      eval: true,
      workerData: data,
      // Pages of thousands of short-lived objects: a larger young generation
      // lets most of them die there instead of being promoted and marked.
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    });
    this.worker.on('message', (reply: FoldReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('page' in reply) waiting?.resolve(reply.page);
      else waiting?.reject(new Error(`fold thread: ${reply.error}`));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`fold thread exited with code ${code}`)));
  }

  fold(events: FoldRequest['events']): Promise<FoldedPage> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<FoldedPage>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, events } satisfies FoldRequest);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('fold thread closed');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }
}
