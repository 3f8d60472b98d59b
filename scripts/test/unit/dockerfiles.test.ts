/**
 * The production images run compiled JavaScript: the runtime stage installs production
 * dependencies only and starts `node … dist/main.js`; nothing in any Dockerfile uses tsx,
 * and no service lists tsx (or typescript) as a runtime dependency.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');
const SERVICES = ['gateway', 'subgraphs/admin', 'subgraphs/accounts'];

describe.each(SERVICES)('%s/Dockerfile', (dir) => {
  const text = readFileSync(join(ROOT, dir, 'Dockerfile'), 'utf8');
  const stages = text.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1] ?? '';

  it('never mentions tsx', () => {
    expect(text).not.toMatch(/tsx/i);
  });

  it('builds in one stage and runs dist/main.js with node in a slim runtime stage', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^\S+ AS build\n/);
    expect(stages[0]).toMatch(/RUN npm run build --workspace @fedmgmt\//);
    expect(runtime).toMatch(/^node:\S+-slim\n/);
    expect(runtime).toMatch(/npm ci --omit=dev /);
    expect(runtime).not.toMatch(/npm run build|tsc/);
    expect(runtime).toContain(
      `CMD ["node", "--conditions=compiled", "--enable-source-maps", "${dir}/dist/main.js"]`,
    );
    // Only compiled output comes from the build stage; no TypeScript sources reach the image.
    expect(runtime).toContain(`COPY --from=build /app/${dir}/dist ${dir}/dist`);
    expect(runtime).not.toMatch(/^COPY (?!--from=build)\S*src/m);
  });
});

test.each(SERVICES)('%s has no TypeScript runner among its runtime dependencies', (dir) => {
  const pkg = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  expect(Object.keys(pkg.dependencies ?? {})).not.toEqual(expect.arrayContaining(['tsx']));
  expect(Object.keys(pkg.dependencies ?? {})).not.toEqual(expect.arrayContaining(['typescript']));
  expect(Object.keys(pkg.dependencies ?? {}).length).toBeGreaterThan(0);
});
