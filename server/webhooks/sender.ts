/** What a receiver answered: its status (null: no answer) and the first bytes of its body, or why it could not be reached. */
export interface Answer {
  status: number | null;
  body: string | null;
  error: string | null;
}

/** The first bytes of an answer kept for the tablet: enough to read an error page's message. */
export const ANSWER_BYTES = 300;

/**
 * One POST of a signed body, cut after `timeoutMs` (connect and answer
 * together). Never throws: a timeout or a refused connection is an answer
 * without a status, retried like a non-2xx one.
 */
export async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'Jalon-Webhooks/1', ...headers },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    let text = '';
    try {
      const reader = res.body?.getReader() as ReadableStreamDefaultReader<Uint8Array> | undefined;
      const decoder = new TextDecoder();
      // Read no more than we keep: a receiver answering megabytes costs us nothing.
      while (reader && text.length < ANSWER_BYTES) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      await reader?.cancel().catch(() => undefined);
    } catch {
      // The body broke off: the status is what counts.
    }
    return { status: res.status, body: text.slice(0, ANSWER_BYTES), error: null };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { status: null, body: null, error: reason };
  }
}
