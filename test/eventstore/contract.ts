import { afterAll, beforeAll, describe } from '@jest/globals';
import type { EventStore } from '../../src/eventstore/EventStore.js';
import { appendBehaviour } from './contract/appendBehaviour.js';
import { readBehaviour } from './contract/readBehaviour.js';
import { subscriptionBehaviour } from './contract/subscriptionBehaviour.js';

export interface ContractSubject {
  store: EventStore;
  teardown(): Promise<void>;
}

// The behaviour every EventStore adapter must show. Each test uses its own
// tenant (and so its own streams) and filters by it, so tests never depend on
// what else the store holds.
export function runEventStoreContract(name: string, setup: () => Promise<ContractSubject>): void {
  describe(`${name}: event store contract`, () => {
    let subject: ContractSubject;
    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(async () => {
      await subject.teardown();
    });
    const store = () => subject.store;
    appendBehaviour(store);
    readBehaviour(store);
    subscriptionBehaviour(store);
  });
}
