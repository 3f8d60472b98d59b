import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Express } from 'express';

/**
 * GraphiQL served by the product itself, no CDN: the assets come from installed npm packages
 * (graphiql 3's prebuilt UMD bundle and CSS, React 18's UMD builds) plus our small bootstrap
 * script. Used by the gateway outside production (GRAPHIQL to change that) and by
 * `fedmgmt proxy`, which signs each request with the developer's keypair.
 */
const ASSET_PREFIX = '/graphiql/assets/';

interface Asset {
  type: string;
  body: () => Buffer;
}

/** A file shipped in an installed package (their `exports` maps do not list the UMD builds). */
function fromPackage(pkg: string, file: string, type: string): Asset {
  let cached: Buffer | undefined;
  return {
    type,
    body: () =>
      (cached ??= readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file))),
  };
}

const BOOTSTRAP = `(function () {
  var root = document.getElementById('graphiql');
  var params = new URLSearchParams(window.location.search);
  var fetcher = GraphiQL.createFetcher({ url: new URL(root.getAttribute('data-endpoint'), window.location.href).toString() });
  var props = {
    fetcher: fetcher,
    defaultQuery: params.get('query') || root.getAttribute('data-default-query'),
    defaultHeaders: root.getAttribute('data-default-headers') || undefined,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: root.getAttribute('data-show-headers') === 'true' ? 'headers' : undefined
  };
  if (params.get('query')) props.query = params.get('query');
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, props));
})();
`;

const ASSETS: Record<string, Asset> = {
  'react.production.min.js': fromPackage(
    'react',
    'umd/react.production.min.js',
    'text/javascript; charset=utf-8',
  ),
  'react-dom.production.min.js': fromPackage(
    'react-dom',
    'umd/react-dom.production.min.js',
    'text/javascript; charset=utf-8',
  ),
  'graphiql.min.js': fromPackage('graphiql', 'graphiql.min.js', 'text/javascript; charset=utf-8'),
  'graphiql.min.css': fromPackage('graphiql', 'graphiql.min.css', 'text/css; charset=utf-8'),
  'bootstrap.js': { type: 'text/javascript; charset=utf-8', body: () => Buffer.from(BOOTSTRAP) },
};

/** Only same-origin scripts, styles, fonts and requests; inline styles for React's style attributes. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const DEFAULT_QUERY = `# Cross-subgraph example: the user comes from the admin subgraph, the account from accounts.
query AdminUser {
  user(email: "admin@lablup.com") {
    email
    role
    account { userName }
  }
}
`;

export interface GraphiqlPage {
  /** Where GraphiQL POSTs operations (relative to the page). */
  endpoint: string;
  title: string;
  /** Headers editor content on first load (e.g. an Authorization template for token callers). */
  defaultHeaders?: string;
  showHeaders: boolean;
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function graphiqlHtml(page: GraphiqlPage): string {
  const asset = (name: string) => `${ASSET_PREFIX}${name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeAttr(page.title)}</title>
<link rel="stylesheet" href="${asset('graphiql.min.css')}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql" data-endpoint="${escapeAttr(page.endpoint)}" data-default-query="${escapeAttr(DEFAULT_QUERY)}"${page.defaultHeaders ? ` data-default-headers="${escapeAttr(page.defaultHeaders)}"` : ''} data-show-headers="${page.showHeaders}">Loading GraphiQL…</div>
<script src="${asset('react.production.min.js')}"></script>
<script src="${asset('react-dom.production.min.js')}"></script>
<script src="${asset('graphiql.min.js')}"></script>
<script src="${asset('bootstrap.js')}"></script>
</body>
</html>
`;
}

export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** A browser navigation asks for HTML; GraphQL clients ask for JSON. */
export function wantsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html !== -1 && (json === -1 || html < json);
}

/**
 * Answers a GET for the GraphiQL page (at `pagePaths`, for HTML requests) or one of its assets;
 * undefined when the request is not GraphiQL's.
 */
export function graphiqlResponse(
  pathname: string,
  accept: string | undefined,
  page: GraphiqlPage,
  pagePaths: string[],
): PlainResponse | undefined {
  if (pathname.startsWith(ASSET_PREFIX)) {
    const asset = Object.hasOwn(ASSETS, pathname.slice(ASSET_PREFIX.length))
      ? ASSETS[pathname.slice(ASSET_PREFIX.length)]
      : undefined;
    if (!asset)
      return {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'not found',
      };
    return {
      status: 200,
      headers: {
        'content-type': asset.type,
        'cache-control': 'public, max-age=3600',
        'x-content-type-options': 'nosniff',
      },
      body: asset.body(),
    };
  }
  if (!pagePaths.includes(pathname) || (pathname !== '/graphiql' && !wantsHtml(accept)))
    return undefined;
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CSP,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
    body: graphiqlHtml(page),
  };
}

/** The gateway's GraphiQL: GET /graphiql, or GET /graphql from a browser. Token callers paste a bearer token in the headers editor. */
export function mountGraphiql(app: Express, enabled: boolean): void {
  if (!enabled) return;
  const page: GraphiqlPage = {
    endpoint: '/graphql',
    title: 'fedmgmt GraphiQL',
    defaultHeaders: '{\n  "Authorization": "Bearer <paste an access token>"\n}',
    showHeaders: true,
  };
  app.get(['/graphiql', '/graphql', `${ASSET_PREFIX}:name`], (req, res, next) => {
    const answer = graphiqlResponse(req.path, req.headers.accept, page, ['/graphiql', '/graphql']);
    if (!answer) return next();
    res.status(answer.status).set(answer.headers).send(answer.body);
  });
}
