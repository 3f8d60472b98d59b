import { gql, listAll, tally } from './devstackClient';

/** Everything the gateway acknowledged during the sweeps: what must still be there after a restart. */
export interface Ledger {
  run: string;
  emails: Set<string>;
  /** group id -> user ids added to it (acknowledged). */
  groups: Map<string, Set<string>>;
  accessKeys: Set<string>;
}

export type Report = (ok: boolean, line: string) => void;

const CREATE_USER = 'mutation($e: String!, $p: UserInput!) { create_user(email: $e, props: $p) { ok msg user { email uuid } } }';
const CREATE_GROUP = 'mutation($n: String!) { create_group(name: $n, props: { domain_name: "default" }) { ok msg group { id } } }';
const ADD_MEMBERS = 'mutation($g: UUID!, $u: [String]) { modify_group(gid: $g, props: { user_update_mode: "add", user_uuids: $u }) { ok msg } }';
const CREATE_KEYPAIR = 'mutation($u: String!) { create_keypair(user_id: $u, props: { resource_policy: "default", rate_limit: 1000 }) { ok msg keypair { access_key } } }';

const userProps = (name: string, groupIds: string[]) => ({ username: name, password: 'correct horse battery', need_password_change: false, group_ids: groupIds });
const fmt = (t: Record<string, number>) => Object.entries(t).map(([k, v]) => `${v} ${k}`).join(', ');

/** Members of a group as the API reports them (user_list by group). */
export async function memberIds(url: string, groupId: string): Promise<Set<string>> {
  const a = await gql(url, 'query($g: UUID) { user_list(limit: 100, offset: 0, group_id: $g) { items { uuid } } }', { g: groupId });
  return new Set(((a.data?.user_list?.items ?? []) as { uuid: string }[]).map((u) => u.uuid));
}

/** N concurrent create_user into one group, then read back users, their main keypairs and memberships. */
export async function sweepUsers(url: string, n: number, ledger: Ledger, report: Report): Promise<string[]> {
  const g = await gql(url, CREATE_GROUP, { n: `chk-${ledger.run}-users-${n}` });
  const gid = g.data?.create_group?.group?.id as string | undefined;
  if (!gid) throw new Error(`create_group failed: ${JSON.stringify(g)}`);
  ledger.groups.set(gid, new Set());
  const prefix = `chk-${ledger.run}-u${n}-`;
  const emails = Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);
  const answers = await Promise.all(emails.map((e, i) => gql(url, CREATE_USER, { e, p: userProps(`${prefix}${i}`, [gid]) })));
  const acked = answers.flatMap((a) => (a.data?.create_user?.ok ? [a.data.create_user.user as { email: string; uuid: string }] : []));
  for (const u of acked) {
    ledger.emails.add(u.email);
    ledger.groups.get(gid)?.add(u.uuid);
  }
  const present = await listAll(url, 'user_list', `email like "${prefix}%"`, 'email uuid main_access_key keypairs { access_key }');
  const withKey = present.filter((u) => (u.keypairs as { access_key: string }[]).some((k) => k.access_key === u.main_access_key));
  for (const u of withKey) ledger.accessKeys.add(u.main_access_key as string);
  const members = await memberIds(url, gid);
  const same = acked.length === n && present.length === acked.length && withKey.length === acked.length && members.size === acked.length;
  report(same, `create_user  N=${String(n).padStart(3)}: answers ${fmt(tally(answers, 'create_user'))}; acknowledged ${acked.length}, present ${present.length}, with main keypair ${withKey.length}, group members ${members.size}`);
  return acked.map((u) => u.uuid);
}

/** N concurrent create_group, then N concurrent modify_group adding `members` to each; read back. */
export async function sweepGroups(url: string, n: number, members: string[], ledger: Ledger, report: Report): Promise<void> {
  const names = Array.from({ length: n }, (_, i) => `chk-${ledger.run}-g${n}-${i}`);
  const created = await Promise.all(names.map((name) => gql(url, CREATE_GROUP, { n: name })));
  const ids = created.flatMap((a) => (a.data?.create_group?.ok ? [a.data.create_group.group.id as string] : []));
  const listed = await gql(url, '{ groups(domain_name: "default") { id name } }');
  const present = ((listed.data?.groups ?? []) as { id: string; name: string }[]).filter((x) => names.includes(x.name));
  const added = await Promise.all(ids.map((gid) => gql(url, ADD_MEMBERS, { g: gid, u: members })));
  let membersOk = 0;
  await Promise.all(
    ids.map(async (gid, i) => {
      const ack = added[i]?.data?.modify_group?.ok === true;
      ledger.groups.set(gid, new Set(ack ? members : []));
      const got = await memberIds(url, gid);
      if (ack && members.every((m) => got.has(m))) membersOk += 1;
    }),
  );
  const same = ids.length === n && present.length === n && membersOk === n;
  report(same, `create_group N=${String(n).padStart(3)}: answers ${fmt(tally(created, 'create_group'))}; acknowledged ${ids.length}, present ${present.length}; add ${members.length} members: acknowledged ${fmt(tally(added, 'modify_group'))}, present in ${membersOk}`);
}

/** N concurrent create_keypair for one user; read back its keypairs. */
export async function sweepKeypairs(url: string, n: number, email: string, ledger: Ledger, report: Report): Promise<void> {
  const answers = await Promise.all(Array.from({ length: n }, () => gql(url, CREATE_KEYPAIR, { u: email })));
  const keys = answers.flatMap((a) => (a.data?.create_keypair?.ok ? [a.data.create_keypair.keypair.access_key as string] : []));
  for (const k of keys) ledger.accessKeys.add(k);
  const present = new Set((await listAll(url, 'keypair_list', `email == "${email}"`, 'access_key')).map((k) => k.access_key as string));
  const found = keys.filter((k) => present.has(k)).length;
  report(keys.length === n && found === n, `create_keypair N=${String(n).padStart(3)} for ${email}: answers ${fmt(tally(answers, 'create_keypair'))}; acknowledged ${keys.length}, present ${found}`);
}

/** 100 concurrent create_user with one email: exactly 1 success and 99 duplicate-email errors, 1 stored. */
export async function duplicateUsers(url: string, ledger: Ledger, report: Report): Promise<void> {
  const email = `chk-${ledger.run}-dup@example.com`;
  const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => gql(url, CREATE_USER, { e: email, p: userProps(`chk-${ledger.run}-dup-${i}`, []) })));
  const t = tally(answers, 'create_user');
  const dupMsg = 'integrity error: duplicate value for unique field "email"';
  const stored = await listAll(url, 'user_list', `email == "${email}"`, 'email');
  if (t.success === 1) ledger.emails.add(email);
  report(t.success === 1 && t[dupMsg] === 99 && stored.length === 1, `create_user x100, one email: ${fmt(t)}; stored ${stored.length}`);
}
