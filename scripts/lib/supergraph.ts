import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { type GraphQLError, type GraphQLSchema, Source, parse } from 'graphql';
import YAML from 'yaml';

export interface SdlPart {
  file: string;
  startLine: number; // 1-based line of this file's first line in the joined SDL
  lineCount: number;
}

export interface SubgraphInput {
  name: string;
  url: string;
  sdl: string;
  parts: SdlPart[];
}

/**
 * Reads rover's config format: `subgraphs.<name>.routing_url` and `schema.file`.
 * `schema.file` may also name a folder of `*.graphql` files (joined in name order),
 * so each type's SDL can live beside its resolver.
 */
export function loadSupergraphConfig(configPath: string): SubgraphInput[] {
  const doc = YAML.parse(readFileSync(configPath, 'utf8')) as unknown;
  const subgraphs = (doc as { subgraphs?: Record<string, unknown> } | null)?.subgraphs;
  if (!subgraphs || typeof subgraphs !== 'object') throw new Error('missing `subgraphs` map');
  const base = dirname(configPath);
  return Object.entries(subgraphs).map(([name, raw]) => {
    const entry = raw as { routing_url?: unknown; schema?: { file?: unknown } };
    if (typeof entry?.routing_url !== 'string')
      throw new Error(`subgraphs.${name}.routing_url must be a string`);
    if (typeof entry.schema?.file !== 'string')
      throw new Error(`subgraphs.${name}.schema.file must be a path`);
    return { name, url: entry.routing_url, ...readParts(resolve(base, entry.schema.file), base) };
  });
}

function readParts(path: string, base: string): { sdl: string; parts: SdlPart[] } {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.graphql'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const parts: SdlPart[] = [];
  const texts: string[] = [];
  let line = 1;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const lineCount = text.split('\n').length;
    parts.push({ file: relative(base, file), startLine: line, lineCount });
    texts.push(text);
    line += lineCount; // joined with '\n', so the next file starts on the following line
  }
  return { sdl: texts.join('\n'), parts };
}

/** Maps a line of the joined SDL back to `file:line`. */
export function locate(sub: SubgraphInput, line: number, column: number): string {
  const part = sub.parts.find((p) => line >= p.startLine && line < p.startLine + p.lineCount);
  return part
    ? `${part.file}:${line - part.startLine + 1}:${column}`
    : `${sub.name}:${line}:${column}`;
}

export type ComposeResult =
  | { ok: true; supergraphSdl: string; hints: string[] }
  | { ok: false; errors: { message: string; where: string }[] };

export function composeSupergraph(subgraphs: SubgraphInput[]): ComposeResult {
  const services = [];
  const syntax: { message: string; where: string }[] = [];
  for (const s of subgraphs) {
    try {
      services.push({ name: s.name, url: s.url, typeDefs: parse(new Source(s.sdl, s.name)) });
    } catch (err) {
      const e = err as GraphQLError;
      const loc = e.locations?.[0];
      syntax.push({
        message: e.message,
        where: loc ? `[${s.name}] ${locate(s, loc.line, loc.column)}` : `[${s.name}]`,
      });
    }
  }
  if (syntax.length > 0) return { ok: false, errors: syntax };
  const result = composeServices(services);
  if (result.errors) {
    return {
      ok: false,
      errors: result.errors.map((e) => ({ message: e.message, where: whereOf(e, subgraphs) })),
    };
  }
  return {
    ok: true,
    supergraphSdl: result.supergraphSdl,
    hints: result.hints.map((h) => h.toString()),
  };
}

function whereOf(e: GraphQLError, subgraphs: SubgraphInput[]): string {
  const code = (e.extensions?.code as string | undefined) ?? 'COMPOSITION_ERROR';
  const places = (e.nodes ?? []).flatMap((n) => {
    const sub = subgraphs.find((s) => s.name === n.loc?.source.name);
    const start = n.loc?.startToken;
    return sub && start ? [`[${sub.name}] ${locate(sub, start.line, start.column)}`] : [];
  });
  return places.length > 0 ? `${code} at ${places.join(', ')}` : code;
}

/** The client-facing schema of a supergraph, for breaking-change reports. */
export function buildApiSchema(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}
