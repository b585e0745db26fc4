// Fetches JSON from the portal's own analytics routes and classifies failures.
import { answerTimeZone } from '#lib/answerTimeZone';

/** The portal server ended the session (401) or the credentials are not an admin's (403). */
export class SessionEndedError extends Error {
  constructor(readonly reason: 'expired' | 'forbidden') {
    super(reason === 'expired' ? 'Session expired' : 'Not a tenant admin');
    this.name = 'SessionEndedError';
  }
}

export class AnalyticsRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalyticsRequestError';
  }
}

export interface Answer<T> {
  data: T;
  /** The zone the answer says its figures are in; undefined when it does not say. */
  timeZone: string | undefined;
}

export async function fetchAnalytics<T>(url: string, signal: AbortSignal): Promise<T> {
  return (await fetchAnswer<T>(url, signal)).data;
}

export async function fetchAnswer<T>(url: string, signal: AbortSignal): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new AnalyticsRequestError('The portal could not be reached. Check your connection.');
  }
  if (response.status === 401) throw new SessionEndedError('expired');
  if (response.status === 403) throw new SessionEndedError('forbidden');
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { title?: unknown };
    const title = typeof problem.title === 'string' ? problem.title : `HTTP ${response.status}`;
    throw new AnalyticsRequestError(`Could not load data: ${title}.`);
  }
  return { data: (await response.json()) as T, timeZone: answerTimeZone(response.headers) };
}
