import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signRequest } from '../auth/signer';
import type { CliEnv } from './config';

export const QUERY_HELP = `fedmgmt query [options] <query | @file.graphql>
  Signs one GraphQL request with a Backend.AI keypair and pretty-prints the JSON answer.
  --endpoint URL        gateway origin (BACKEND_ENDPOINT, default http://127.0.0.1:4000)
  --path PATH           /graphql (default), /admin/gql or /admin/graphql
  --access-key AK       (BACKEND_ACCESS_KEY)
  --secret-key SK       (BACKEND_SECRET_KEY)
  --variables JSON      variables as JSON, or @file.json
  --operation NAME      operationName`;

function textOrFile(value: string): string {
  return value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
}

export function keypairFrom(
  values: { 'access-key'?: string; 'secret-key'?: string },
  env: CliEnv,
): { accessKey: string; secretKey: string } {
  const accessKey = values['access-key'] ?? env.accessKey;
  const secretKey = values['secret-key'] ?? env.secretKey;
  if (!accessKey || !secretKey)
    throw new Error(
      'a keypair is needed: --access-key/--secret-key or BACKEND_ACCESS_KEY/BACKEND_SECRET_KEY',
    );
  return { accessKey, secretKey };
}

export async function runQuery(
  argv: string[],
  env: CliEnv,
  out: (s: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      endpoint: { type: 'string' },
      path: { type: 'string' },
      'access-key': { type: 'string' },
      'secret-key': { type: 'string' },
      variables: { type: 'string' },
      operation: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new Error(`expected one query\n${QUERY_HELP}`);
  const url = new URL(values.path ?? '/graphql', values.endpoint ?? env.endpoint).toString();
  const body = JSON.stringify({
    query: textOrFile(positionals[0]!),
    ...(values.variables ? { variables: JSON.parse(textOrFile(values.variables)) as unknown } : {}),
    ...(values.operation ? { operationName: values.operation } : {}),
  });
  const headers = signRequest({
    ...keypairFrom(values, env),
    method: 'POST',
    url,
    body,
    version: env.apiVersion,
  });
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  try {
    out(JSON.stringify(JSON.parse(text), null, 2));
  } catch {
    out(text);
  }
  return res.ok ? 0 : 1;
}
