import type { ClientRequest, IncomingMessage } from 'node:http';

/** An HTTP answer: status and the whole body as text. */
export interface CloudResponse {
  readonly status: number;
  readonly body: string;
}

/** What a fetch gets: headers, the overall deadline's signal, and the largest body to accept. */
export interface CloudRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  readonly maxBytes: number;
}

/** Performs one GET. Rejects on network errors (retried) or with a `CloudFetchError` saying whether to retry. */
export type CloudFetch = (url: string, init: CloudRequest) => Promise<CloudResponse>;

/** A failed request with its verdict on retrying (a body that is too large is not worth asking for again). */
export class CloudFetchError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** GET over `node:http`/`node:https` (one connection per request, none kept alive): no redirects followed, body capped, truncated bodies rejected, abortable. */
export const nodeFetch: CloudFetch = async (url, { headers, signal, maxBytes }) => {
  // Loaded on the first fetch: most hosts never fetch, and node:https is a noticeable part of start-up.
  const [{ request: httpRequest }, { request: httpsRequest }] = await Promise.all([
    import('node:http'),
    import('node:https'),
  ]);
  return new Promise<CloudResponse>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (!settled) {
        settled = true;
        outcome();
      }
    };
    const fail = (error: Error) => settle(() => reject(error));
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          fail(new CloudFetchError(`the answer is larger than ${maxBytes} bytes`, false));
          req.destroy();
        } else chunks.push(chunk);
      });
      res.on('end', () => {
        if (!res.complete) return fail(new CloudFetchError('the answer was cut off', true));
        const bytes = Buffer.concat(chunks);
        let body: string;
        try {
          body = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          return fail(new CloudFetchError('the answer is not UTF-8 text', false));
        }
        settle(() => resolve({ status: res.statusCode ?? 0, body }));
      });
      res.on('error', () => fail(new CloudFetchError('the answer was cut off', true)));
      res.on('close', () => fail(new CloudFetchError('the answer was cut off', true)));
    };
    let target: URL;
    let req: ClientRequest;
    try {
      target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      req = send(target, { method: 'GET', headers, signal, agent: false }, onResponse);
    } catch (error) {
      return fail(new CloudFetchError(`cannot send the request: ${(error as Error).message}`, false));
    }
    req.on('error', (error) => fail(signal.aborted ? new CloudFetchError('aborted', false) : error));
    req.end();
  });
};

/** The outcome of fetching with retries. */
export type FetchOutcome =
  | { readonly ok: true; readonly body: string; readonly attempts: number }
  | { readonly ok: false; readonly reason: string; readonly attempts: number };

export interface RetryOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: CloudFetch;
  /** Overall bound in ms: every attempt and every pause between attempts fit in it. */
  readonly timeoutMs: number;
  /** Extra attempts after the first, for network errors, 5xx and 429. */
  readonly retries: number;
  /** Pause before retry n (1-based) is `retryDelayMs * 2^(n-1)`, cut short by the deadline. */
  readonly retryDelayMs: number;
  readonly maxBytes: number;
}

/** Settles with `promise`, or rejects as soon as `signal` aborts, whether or not the work behind `promise` listens. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CloudFetchError('aborted', false));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Waits `ms`, or less when `signal` aborts. The timer is not unref'd: an unref'd timer would let Node end the
 * process in the middle of loading (exit 13, nothing printed) when nothing else keeps it alive.
 */
const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

function statusReason(status: number): string {
  if (status === 401 || status === 403) return `HTTP ${status} (the token was refused)`;
  if (status >= 300 && status < 400) return `HTTP ${status} (redirects are not followed)`;
  return `HTTP ${status}`;
}

/**
 * GETs `url` with bounded retries under one overall deadline (an AbortController): network errors, cut-off
 * answers, 5xx and 429 are retried; other statuses are final. Never takes much longer than `timeoutMs`,
 * even when the fetch ignores its signal.
 */
export async function fetchWithRetries(options: RetryOptions): Promise<FetchOutcome> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs); // ref'd, like the pauses: see `pause`
  const { signal } = deadline;
  const timedOut = (attempts: number, last?: string): FetchOutcome => ({
    ok: false,
    reason: `no answer within ${options.timeoutMs} ms${last ? ` (last problem: ${last})` : ''}`,
    attempts,
  });
  let last = '';
  try {
    for (let attempt = 1; attempt <= options.retries + 1; attempt += 1) {
      if (attempt > 1) {
        await pause(options.retryDelayMs * 2 ** (attempt - 2), signal);
        if (signal.aborted) return timedOut(attempt - 1, last);
      }
      let response: CloudResponse;
      try {
        const init = { headers: options.headers, signal, maxBytes: options.maxBytes };
        response = await raceAbort(options.fetch(options.url, init), signal);
      } catch (error) {
        if (signal.aborted) return timedOut(attempt, last);
        last = (error as Error).message || String(error);
        if (error instanceof CloudFetchError && !error.retryable) return { ok: false, reason: last, attempts: attempt };
        continue;
      }
      if (response.status >= 200 && response.status < 300) return { ok: true, body: response.body, attempts: attempt };
      last = statusReason(response.status);
      if (response.status < 500 && response.status !== 429) return { ok: false, reason: last, attempts: attempt };
    }
    const attempts = options.retries + 1;
    return { ok: false, reason: `${last} after ${attempts} attempt${attempts === 1 ? '' : 's'}`, attempts };
  } finally {
    clearTimeout(timer);
    deadline.abort();
  }
}
