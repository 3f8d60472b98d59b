import { loadConfig } from '../config';
import { BOOTSTRAP_HELP, runBootstrap } from './bootstrap';
import { loadCliEnv } from './config';
import { PROXY_HELP, runProxy } from './proxy';
import { QUERY_HELP, runQuery } from './query';
import { runToken, TOKEN_HELP } from './token';

const HELP = `fedmgmt <command> [options]   (npm run fedmgmt -- <command> ...)

${QUERY_HELP}

${PROXY_HELP}

${TOKEN_HELP}

${BOOTSTRAP_HELP}`;

// The CLI's own output goes to stdout; errors to stderr. No logger: this is a terminal tool.
const out = (s: string) => process.stdout.write(`${s}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'query':
      return runQuery(rest, loadCliEnv(), out);
    case 'proxy':
      return runProxy(rest, loadCliEnv(), out);
    case 'token':
      return runToken(rest, loadConfig(), out);
    case 'bootstrap':
      return runBootstrap(rest, loadCliEnv(), out);
    case undefined:
    case 'help':
    case '--help':
      out(HELP);
      return 0;
    default:
      process.stderr.write(`unknown command "${command}"\n\n${HELP}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`fedmgmt: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
