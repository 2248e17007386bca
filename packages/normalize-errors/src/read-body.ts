/**
 * The body of a clone of `response` as text, or `undefined` when it is
 * larger than `max` bytes (the caller then passes the response through
 * unread). The original response stays readable.
 */
export async function peekText(response: Response, max: number): Promise<string | undefined> {
  if (Number(response.headers.get('content-length')) > max) return undefined;
  const reader = response.clone().body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      void reader.cancel().catch(() => {});
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * The body as a flat record: a JSON object, or (SPEC N6) form-encoded
 * fields when the response says `application/x-www-form-urlencoded`.
 * `undefined` for anything else (SPEC N5: such bodies pass through).
 */
export function parseBody(
  text: string,
  contentType: string | null,
): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {}
  if (contentType?.toLowerCase().includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text.trim()));
  }
  return undefined;
}
