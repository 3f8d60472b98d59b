import { graphiqlHtml, graphiqlResponse, type GraphiqlPage, wantsHtml } from '../../src/graphiql';

const PAGE: GraphiqlPage = { endpoint: '/graphql', title: 't', showHeaders: true };
const PATHS = ['/graphiql', '/graphql'];

describe('GraphiQL page and assets', () => {
  it('answers browsers, not GraphQL clients, at /graphql', () => {
    expect(wantsHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
    expect(wantsHtml('application/json, multipart/mixed')).toBe(false);
    expect(wantsHtml(undefined)).toBe(false);
    expect(graphiqlResponse('/graphql', 'application/json', PAGE, PATHS)).toBeUndefined();
    expect(graphiqlResponse('/graphiql', undefined, PAGE, PATHS)?.status).toBe(200);
    expect(graphiqlResponse('/other', 'text/html', PAGE, PATHS)).toBeUndefined();
  });

  it('loads nothing from outside the origin and sets a same-origin CSP', () => {
    const page = graphiqlResponse('/graphql', 'text/html', PAGE, PATHS);
    expect(page?.headers['content-security-policy']).toMatch(
      /default-src 'none'; script-src 'self';/,
    );
    const html = graphiqlHtml(PAGE);
    expect(
      html.match(/(?:src|href)="[^"]*"/g)?.every((ref) => /="\/graphiql\/assets\//.test(ref)),
    ).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves the packaged bundles and 404s any other asset name', () => {
    for (const name of [
      'react.production.min.js',
      'react-dom.production.min.js',
      'graphiql.min.js',
      'graphiql.min.css',
      'bootstrap.js',
    ]) {
      const res = graphiqlResponse(`/graphiql/assets/${name}`, undefined, PAGE, PATHS);
      expect(res?.status).toBe(200);
      expect(res?.body.length).toBeGreaterThan(100);
    }
    for (const name of ['constructor', '__proto__', '..%2Fpackage.json', 'graphiql.min.js.map']) {
      expect(graphiqlResponse(`/graphiql/assets/${name}`, undefined, PAGE, PATHS)?.status).toBe(
        404,
      );
    }
  });

  it('escapes what it puts in attributes', () => {
    expect(
      graphiqlHtml({ ...PAGE, title: '<script>', defaultHeaders: '"><img src=x>' }),
    ).not.toMatch(/<script>|"><img/);
  });
});
