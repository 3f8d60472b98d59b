/** Posts a GraphQL operation and returns status, headers and the parsed body. */
export async function postGraphQL(
  url: string,
  body: { query: string; variables?: Record<string, unknown>; operationName?: string },
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: Headers;
  body: {
    data?: unknown;
    errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
  };
}> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    // Bounds a hung server, not latency: 100 concurrent create_user run their transactions one at
    // a time on the embedded server (subgraphs/admin README), which takes over 20 s on a busy 2-core box.
    signal: AbortSignal.timeout(50_000),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, headers: res.headers, body: parsed as never };
}
