import type { Activity as DirectLineActivity } from 'botframework-directlinejs';
import { ConnectionStatus, DirectLine } from 'botframework-directlinejs';
// directlinejs's own rxjs (5.x): its `ajax` service must return that Observable.
import { Observable } from 'rxjs/Observable';
import type { Subscriber } from 'rxjs/Subscriber';

export { ConnectionStatus };
export type { DirectLineActivity };

/** The little of an XMLHttpRequest response directlinejs reads (its 429 retry reads a header). */
interface FetchAjaxResponse {
  status: number;
  response: unknown;
  xhr: { getResponseHeader(name: string): string | null };
}

interface AjaxRequestLike {
  url?: string;
  method?: string;
  headers?: object;
  body?: unknown;
  timeout?: number;
}

/**
 * directlinejs's `ajax` service on Node's fetch: the real client runs here as it runs in a
 * browser, with rxjs's XMLHttpRequest transport (which Node lacks) replaced by fetch.
 */
function fetchAjax(request: string | AjaxRequestLike): Observable<FetchAjaxResponse> {
  const {
    url = '',
    method = 'GET',
    headers = {},
    body,
    timeout,
  } = typeof request === 'string' ? { url: request } : request;
  return new Observable<FetchAjaxResponse>((subscriber: Subscriber<FetchAjaxResponse>) => {
    const controller = new AbortController();
    const timer = timeout ? setTimeout(() => controller.abort(), timeout) : undefined;
    fetch(url, {
      method,
      headers: headers as Record<string, string>,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: controller.signal,
    }).then(
      async (response) => {
        clearTimeout(timer);
        const text = await response.text();
        let parsed: unknown = text;
        try {
          parsed = text ? (JSON.parse(text) as unknown) : null;
        } catch {
          // Not JSON: kept as text.
        }
        const result: FetchAjaxResponse = {
          status: response.status,
          response: parsed,
          xhr: { getResponseHeader: (name) => response.headers.get(name) },
        };
        if (response.ok) {
          subscriber.next(result);
          subscriber.complete();
        } else {
          subscriber.error(result);
        }
      },
      () => {
        clearTimeout(timer);
        subscriber.error({ status: 0, response: null, xhr: { getResponseHeader: () => null } });
      },
    );
    return () => controller.abort();
  });
}

export interface NodeDirectLineOptions {
  token: string;
  domain: string;
  conversationId?: string;
  watermark?: string;
}

/** The real Direct Line client (botframework-directlinejs), polling, as Web Chat runs it here. */
export function nodeDirectLine(options: NodeDirectLineOptions): DirectLine {
  return new DirectLine({
    ...options,
    webSocket: false,
    pollingInterval: 200,
    // The service's type is rxjs's AjaxCreationMethod; directlinejs only calls it as a function.
    ajax: fetchAjax as never,
  });
}

/** Collects what a client receives, and waits for what a test expects to arrive. */
export class ReceivedActivities {
  readonly all: DirectLineActivity[] = [];
  private readonly subscription: { unsubscribe(): void };

  constructor(directLine: DirectLine) {
    this.subscription = directLine.activity$.subscribe((activity) => this.all.push(activity));
  }

  fromBot(): DirectLineActivity[] {
    return this.all.filter(
      (activity) => activity.from.role !== 'user' && activity.from.id.startsWith('anm'),
    );
  }

  async waitFor(
    predicate: (activities: DirectLineActivity[]) => boolean,
    timeoutMs = 15_000,
  ): Promise<DirectLineActivity[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.all)) {
      if (Date.now() > deadline)
        throw new Error(`timed out; received ${this.all.length} activities`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.all;
  }

  stop(): void {
    this.subscription.unsubscribe();
  }
}

/** Waits until the client reports `status` (or fails after `timeoutMs`). */
export function connectionReaches(
  directLine: DirectLine,
  status: ConnectionStatus,
  timeoutMs = 10_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new Error(`connection never reached ${ConnectionStatus[status]}`));
    }, timeoutMs);
    const subscription = directLine.connectionStatus$.subscribe((current) => {
      if (current !== status) return;
      clearTimeout(timer);
      // Unsubscribed on the next tick: a BehaviorSubject can call back before subscribe returns.
      setTimeout(() => subscription.unsubscribe(), 0);
      resolve();
    });
  });
}

/** Posts through the client and resolves with the activity id Direct Line gave it. */
export function postThrough(
  directLine: DirectLine,
  activity: Partial<DirectLineActivity>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    directLine.postActivity(activity as DirectLineActivity).subscribe({
      next: (id: string) =>
        id === 'retry' ? reject(new Error('the post was not taken')) : resolve(id),
      error: (error: unknown) =>
        reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
    });
  });
}
