import type { ServerResponse } from 'node:http';

/** Escapes text for HTML element and attribute content. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=/]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Headers of every callback page (SPEC A17): nothing loaded from elsewhere,
 * no referrer leaking the code, no MIME sniffing, never cached or framed.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

/** A static page; `title` and `message` are escaped here. */
export function renderPage(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
}

/** Sends a static page with the security headers and closes the connection. */
export function sendPage(
  res: ServerResponse,
  status: number,
  title: string,
  message: string,
): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...PAGE_HEADERS, Connection: 'close' });
  res.end(renderPage(title, message));
}
