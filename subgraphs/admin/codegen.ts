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
        contextType: '../context#AdminContext',
        // graphql-js fills a non-null input field's default before a resolver runs: not optional.
        avoidOptionals: { defaultValue: true },
        // What the scalars in resolvers/scalars.ts parse to (input) and accept (output).
        scalars: {
          UUID: 'string',
          DateTime: { input: 'Date', output: 'Date | string' },
          BigInt: { input: 'number', output: 'number | string' },
          JSONString: 'unknown',
          Decimal: 'string',
          JSON: 'unknown',
          UUIDFloatMap: 'Record<string, number>',
          GlobalIDField: 'string',
          ScopeField: 'string',
          GroupPermissionField: 'string',
          DomainPermissionValueField: 'string',
          ImagePermissionValueField: 'string',
          AgentPermissionField: 'string',
          SessionPermissionValueField: 'string',
          ContainerRegistryTypeField: {
            input: '../containerRegistryRules#RegistryType',
            output: 'string',
          },
        },
        // Parents are what the resolvers really receive: the stored documents (data/documents.ts).
        mappers: {
          User: '../data/documents#UserDoc',
          KeyPair: '../data/documents#KeyPairDoc',
          Domain: '../data/documents#DomainDoc',
          Group: '../data/documents#GroupDoc',
          KeyPairResourcePolicy: '../data/documents#RecordDoc',
          UserResourcePolicy: '../data/documents#RecordDoc',
          ProjectResourcePolicy: '../data/documents#RecordDoc',
          ResourcePreset: '../data/documents#RecordDoc',
          ScalingGroup: '../data/documents#RecordDoc',
          Image: '../data/documents#RecordDoc',
          Agent: '../data/documents#RecordDoc',
          ComputeSession: '../data/documents#RecordDoc',
          ComputeContainer: '../data/documents#RecordDoc',
          ContainerRegistry: '../data/containerRegistries#ContainerRegistryDoc',
          ContainerRegistryConfig: '../data/containerRegistries#ContainerRegistryDoc',
          // Relay (resolvers/relay) and v2 (resolvers/v2) views of the same documents.
          UserNode: '../data/documents#UserDoc',
          Viewer: '../resolvers/relay/users#ViewerRecord',
          GroupNode: '../data/documents#GroupDoc',
          DomainNode: '../data/documents#DomainDoc',
          ImageNode: '../data/documents#RecordDoc',
          AgentNode: '../data/documents#RecordDoc',
          ComputeSessionNode: '../data/documents#RecordDoc',
          ContainerRegistryNode: '../data/containerRegistries#ContainerRegistryDoc',
          UserV2: '../data/documents#UserDoc',
          DomainV2: '../data/documents#DomainDoc',
          ProjectV2: '../data/documents#GroupDoc',
          KeyPairV2: '../data/documents#KeyPairDoc',
          KeypairResourcePolicyV2: '../data/documents#RecordDoc',
          UserResourcePolicyV2: '../data/documents#RecordDoc',
          ProjectResourcePolicyV2: '../data/documents#RecordDoc',
          ResourcePresetV2: '../data/documents#RecordDoc',
          ImageV2: '../data/documents#RecordDoc',
          AgentV2: '../data/documents#RecordDoc',
          ResourceGroup: '../data/documents#RecordDoc',
          SessionV2: '../data/documents#RecordDoc',
        },
      },
    },
  },
};

export default config;
