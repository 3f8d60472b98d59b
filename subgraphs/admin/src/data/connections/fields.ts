import type { FieldMap, FieldSpec, FieldType } from '../../minilang/compile';

const f = (path: string, type: FieldType, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  path,
  type,
  ...extra,
});

/** group_nodes / project_nodes `filter` and `order` fields; each path leads an index. */
export const GROUP_NODE_FIELDS: FieldMap = {
  id: f('_id', 'uuid'),
  row_id: f('_id', 'uuid'),
  name: f('name', 'string'),
  description: f('description', 'string'),
  is_active: f('is_active', 'boolean'),
  created_at: f('created_at', 'date'),
  modified_at: f('modified_at', 'date'),
  domain_name: f('domain_name', 'string'),
  integration_id: f('integration_id', 'string'),
  resource_policy: f('resource_policy', 'string'),
  type: f('type', 'enum', { values: ['GENERAL', 'MODEL_STORE'] }),
};

/** domain_nodes `filter` and `order` fields; each path leads an index. */
export const DOMAIN_NODE_FIELDS: FieldMap = {
  name: f('_id', 'string'),
  description: f('description', 'string'),
  is_active: f('is_active', 'boolean'),
  created_at: f('created_at', 'date'),
  modified_at: f('modified_at', 'date'),
  integration_id: f('integration_id', 'string'),
};

/** image_nodes `filter` and `order` fields; each path leads an index. */
export const IMAGE_NODE_FIELDS: FieldMap = {
  id: f('_id', 'uuid'),
  row_id: f('_id', 'uuid'),
  name: f('name', 'string'),
  namespace: f('name', 'string'),
  humanized_name: f('humanized_name', 'string'),
  tag: f('tag', 'string'),
  registry: f('registry', 'string'),
  architecture: f('architecture', 'string'),
  is_local: f('is_local', 'boolean'),
  digest: f('digest', 'string'),
  size_bytes: f('size_bytes', 'number'),
  installed: f('installed', 'boolean'),
  reference: f('ref', 'string'),
};
