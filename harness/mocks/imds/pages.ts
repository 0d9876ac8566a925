import type { MockResponse } from '../http-types.ts';

/**
 * IMDS error bodies. Real IMDS answers errors with a small XHTML page; the 404, 400 and 401 texts
 * below are the reference mock's (aws/amazon-ec2-metadata-mock `pkg/server/httpserver.go`:
 * `notFoundResponse`, `BadRequestResponse`, `UnauthorizedResponse`), and 403/405 follow the same
 * template. The reference sends them through Go's `http.Error`, which sets
 * `text/plain; charset=utf-8` and `x-content-type-options: nosniff` and appends a newline; we do
 * the same, so a client sees byte-for-byte what the reference mock sends.
 */
const NOT_FOUND = `<?xml version="1.0" encoding="iso-8859-1"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
\t"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
 <head>
  <title>404 - Not Found</title>
 </head>
 <body>
  <h1>404 - Not Found</h1>
 </body>
</html>`;

/** The template of the reference's 400 and 401 pages, for any status line. */
function utf8Page(statusLine: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
   <head>
      <title>${statusLine}</title>
   </head>
   <body>
      <h1>${statusLine}</h1>
   </body>
</html>`;
}

/** The IMDS errors this mock can answer; each maps to one status and page. */
export type ImdsError = 'bad-request' | 'unauthorized' | 'forbidden' | 'not-found' | 'method-not-allowed';

const PAGES: Record<ImdsError, { status: number; body: string }> = {
  'bad-request': { status: 400, body: utf8Page('400 - Bad Request') },
  unauthorized: { status: 401, body: utf8Page('401 - Unauthorized') },
  forbidden: { status: 403, body: utf8Page('403 - Forbidden') },
  'not-found': { status: 404, body: NOT_FOUND },
  'method-not-allowed': { status: 405, body: utf8Page('405 - Method Not Allowed') },
};

export function imdsError(error: ImdsError, headers: Record<string, string> = {}): MockResponse {
  const page = PAGES[error];
  return {
    status: page.status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', ...headers },
    body: `${page.body}\n`,
  };
}
