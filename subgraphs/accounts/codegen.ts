import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed resolvers from this subgraph's SDL: `npm run codegen` (scripts/codegen.ts) reads the
 * SDL folder named in supergraph.yaml and writes the output below; `npm test` fails when it is
 * stale. Paths in contextType and mappers are relative to the generated file.
 */
const config: CodegenConfig = {
  generates: {
    'src/generated/resolvers.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        contextType: '../context#AccountsContext',
        scalars: {
          Long: 'number',
          Object: 'Record<string, unknown>',
        },
        // Parents are what the resolvers really receive: the stored records.
        mappers: {
          Account: '../data/accountModel#AccountRecord',
          Device: '../data/accountModel#DeviceRecord',
          LinkedAccount: '../data/accountModel#LinkedAccountRecord',
          DynamicallyRegisteredClient: '../data/dcrRepository#ClientRecord',
          CredentialRuleDescriptor: '../rules#RuleDescriptor',
        },
      },
    },
  },
};

export default config;
