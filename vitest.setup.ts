import { beforeEach } from 'vitest';

// Give the worker's event loop a turn before every test. Property tests run synchronously, one after another,
// chained by promise callbacks only; on a busy machine a file of them can hold the loop for over a minute, and
// vitest's own messages to the worker (answered in that loop) then time out ("Timeout calling onTaskUpdate").
beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
