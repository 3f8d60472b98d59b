import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import { keepsStoredPassword, validateRegistry } from '../../containerRegistryRules';
import type {
  ContainerRegistryDoc,
  RegistryChange,
  RegistrySettings,
} from '../../data/containerRegistries';
import {
  IntegrityError,
  MissingReferenceError,
  ReportedWriteError,
  reportedMessage,
  WriteOutcomeUnknownError,
} from '../../data/errors';
import type { ModifyContainerRegistryNodeInputV2 } from '../../generated/resolvers';
import { requireSuperadmin } from '../../rules';
import { textItems } from '../helpers';
import { localUuid } from './users';

/** Registry arguments as the mutations take them: the widest input, every other form fits it. */
export type RegistryArgs = ModifyContainerRegistryNodeInputV2;

const badInput = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
const notFound = (what: string) =>
  new GraphQLError(`Container registry not found (${what})`, { extensions: { code: 'NOT_FOUND' } });

/** The payloads have no ok/msg: a refused write is an error with a code, never a 500. */
async function writing<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof ReportedWriteError)) throw err;
    const code =
      err instanceof IntegrityError || err instanceof MissingReferenceError
        ? 'BAD_USER_INPUT'
        : err instanceof WriteOutcomeUnknownError
          ? 'OUTCOME_UNKNOWN'
          : 'SERVICE_UNAVAILABLE';
    throw new GraphQLError(reportedMessage(err), { extensions: { code } });
  }
}

const ids = (list: (string | null)[] | null | undefined) => textItems(list ?? []);

/** Omitted booleans take the table's defaults (ssl_verify and is_global true). */
function settingsOf(a: RegistryArgs): RegistrySettings {
  return {
    url: a.url ?? '',
    type: a.type ?? 'docker',
    registry_name: a.registry_name ?? '',
    project: a.project ?? null,
    username: a.username ?? null,
    password: a.password ?? null,
    ssl_verify: a.ssl_verify ?? true,
    is_global: a.is_global ?? true,
    extra: a.extra ?? null,
  };
}

export async function createRegistry(
  ctx: AdminContext,
  a: RegistryArgs,
): Promise<ContainerRegistryDoc> {
  requireSuperadmin(ctx.auth);
  const s = settingsOf(a);
  if (s.registry_name.trim() === '') throw badInput('registry_name must not be empty');
  validateRegistry(s);
  return writing(() => ctx.repos.containerRegistries.create(s, ids(a.allowed_groups?.add)));
}

/** What a modify changes: omitted stays; null clears, except where a value is required. */
function changeOf(a: RegistryArgs): RegistryChange {
  const change: RegistryChange = {};
  for (const k of ['url', 'type', 'registry_name'] as const) {
    if (a[k] === null) throw badInput(`${k} must not be null`);
    if (a[k] !== undefined) Object.assign(change, { [k]: a[k] });
  }
  for (const k of ['is_global', 'project', 'username', 'ssl_verify', 'extra'] as const)
    if (a[k] !== undefined) Object.assign(change, { [k]: a[k] });
  if (!keepsStoredPassword(a.password)) change.password = a.password ?? null;
  if (a.allowed_groups)
    change.allowedGroups = { add: ids(a.allowed_groups.add), remove: ids(a.allowed_groups.remove) };
  if (change.registry_name?.trim() === '') throw badInput('registry_name must not be empty');
  return change;
}

export async function modifyRegistry(
  ctx: AdminContext,
  current: ContainerRegistryDoc,
  a: RegistryArgs,
): Promise<ContainerRegistryDoc> {
  requireSuperadmin(ctx.auth);
  const change = changeOf(a);
  validateRegistry({
    url: change.url ?? current.url,
    type: change.type ?? current.type,
    project: change.project === undefined ? current.project : change.project,
  });
  return writing(() => ctx.repos.containerRegistries.modify(current, change));
}

export async function deleteRegistries(
  ctx: AdminContext,
  docs: ContainerRegistryDoc[],
): Promise<void> {
  requireSuperadmin(ctx.auth);
  await writing(() => ctx.repos.containerRegistries.remove(docs.map((d) => d._id)));
}

/** A registry by global ID or raw UUID (superadmin only); NOT_FOUND when there is none. */
export async function registryById(ctx: AdminContext, id: string): Promise<ContainerRegistryDoc> {
  requireSuperadmin(ctx.auth);
  const uuid = localUuid(id, 'ContainerRegistryNode');
  const doc = uuid ? await ctx.repos.containerRegistries.byId(uuid) : null;
  if (!doc) throw notFound(`id: ${id}`);
  return doc;
}

/** Every registry named `hostname`, by project (superadmin only); NOT_FOUND when none. */
export async function registriesNamed(
  ctx: AdminContext,
  hostname: string,
): Promise<[ContainerRegistryDoc, ...ContainerRegistryDoc[]]> {
  requireSuperadmin(ctx.auth);
  const [first, ...rest] = await ctx.repos.containerRegistries.named(hostname);
  if (!first) throw notFound(`hostname: ${hostname}`);
  return [first, ...rest];
}
