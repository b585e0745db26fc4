// The double's in-memory transaction log: streams with revisions and one
// global order. Positions grow by a record-size-like step, as a real log's
// byte offsets do, so nothing can rely on them being contiguous.

export interface StoredEvent {
  streamName: string;
  revision: bigint;
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the server reports `created`. */
  created: bigint;
  /** commit = prepare for single-stream appends. */
  position: bigint;
}

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export type Expected =
  | { kind: 'any' }
  | { kind: 'no_stream' }
  | { kind: 'stream_exists' }
  | { kind: 'revision'; revision: bigint };

export type AppendOutcome =
  { ok: true; revision: bigint; position: bigint } | { ok: false; current: bigint | undefined };

export class EventLog {
  readonly events: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly listeners = new Set<() => void>();
  private nextPosition = 1024n;
  private appends = 0;

  constructor() {
    // A real $all starts with system events; adapters must leave them out.
    this.writeSystemEvent('$settings', '$settings');
  }

  stream(name: string): StoredEvent[] | undefined {
    return this.streams.get(name);
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(streamName: string, expected: Expected, proposed: ProposedEvent[]): AppendOutcome {
    const existing = this.streams.get(streamName);
    const current = existing ? BigInt(existing.length - 1) : undefined;
    const matches =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === undefined) ||
      (expected.kind === 'stream_exists' && current !== undefined) ||
      (expected.kind === 'revision' && current === expected.revision);
    if (!matches) return { ok: false, current };
    let revision = current ?? -1n;
    let position = 0n;
    for (const event of proposed) {
      revision += 1n;
      position = this.write({ ...event, streamName, revision });
    }
    this.appends += 1;
    // Interleave system events with ours, as statistics and projections do.
    if (this.appends % 3 === 0) this.writeSystemEvent('$stats-double', '$statsCollected');
    for (const listener of this.listeners) listener();
    return { ok: true, revision, position };
  }

  private writeSystemEvent(streamName: string, type: string): void {
    const revision = BigInt(this.streams.get(streamName)?.length ?? 0);
    const data = new TextEncoder().encode('{}');
    const id = crypto.randomUUID();
    this.write({
      id,
      type,
      contentType: 'application/json',
      data,
      customMetadata: new Uint8Array(),
      streamName,
      revision,
    });
  }

  private write(event: Omit<StoredEvent, 'created' | 'position'>): bigint {
    const stored: StoredEvent = {
      ...event,
      created: BigInt(Date.now()) * 10_000n,
      position: this.nextPosition,
    };
    this.nextPosition += 128n + BigInt(event.data.length + event.customMetadata.length);
    this.events.push(stored);
    const stream = this.streams.get(event.streamName) ?? [];
    stream.push(stored);
    this.streams.set(event.streamName, stream);
    return stored.position;
  }
}
