import { type GqlAnswer, gql, listAll, need, read, tally } from './devstackClient';

/** Everything the gateway acknowledged during the sweeps: what must still be there after a restart. */
export interface Ledger {
  run: string;
  emails: Set<string>;
  /** group id -> user ids added to it (acknowledged). */
  groups: Map<string, Set<string>>;
  accessKeys: Set<string>;
  /** The user `drain` writes to. */
  probe: string;
}

/** ok true/false: a check passed/failed; 'warn': printed and counted, does not fail the run. */
export type Report = (ok: boolean | 'warn', line: string) => void;

const MODIFY_PROBE =
  'mutation($e: String!, $d: String!) { modify_user(email: $e, props: { description: $d }) { ok msg } }';

/**
 * Waits until the admin subgraph has worked off its write queue: writes whose answer timed out
 * (OUTCOME_UNKNOWN) are still queued there. Its write gate is FIFO, so once a lone write to the
 * probe user succeeds, every write queued before it has been applied or refused.
 */
export async function drain(url: string, ledger: Ledger, maxMs = 180_000): Promise<void> {
  const until = Date.now() + maxMs;
  for (let i = 0; Date.now() < until; i++) {
    const a = await gql(url, MODIFY_PROBE, { e: ledger.probe, d: `drain ${Date.now()} ${i}` });
    if (a.data?.modify_user?.ok === true) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the admin write queue did not drain within ${maxMs} ms`);
}

/** The user `drain` writes to (created once, before the sweeps). */
export async function createProbe(url: string, ledger: Ledger): Promise<void> {
  const a = await gql(url, CREATE_USER, {
    e: ledger.probe,
    p: userProps(`chk-${ledger.run}-probe`, []),
  });
  if (!a.data?.create_user?.ok)
    throw new Error(`could not create the probe user: ${JSON.stringify(a)}`);
  ledger.emails.add(ledger.probe);
}

/** Answers that are neither a success nor a definite refusal: OUTCOME_UNKNOWN (e.g. the gateway's mutation timeout). */
function unknownOutcomes(answers: GqlAnswer[]): number {
  return answers.filter(
    (a) => a.errors?.some((e) => e.extensions?.code === 'OUTCOME_UNKNOWN') || a.status === 0,
  ).length;
}

function warnUnknown(report: Report, what: string, answers: GqlAnswer[], applied?: number): void {
  const u = unknownOutcomes(answers);
  const tail =
    applied === undefined ? '' : `; ${applied} of those were applied once the stack settled`;
  if (u > 0)
    report(
      'warn',
      `${what}: ${u} of ${answers.length} answered OUTCOME_UNKNOWN with no fault injected${tail} (read after the admin write queue drained)`,
    );
}

const CREATE_USER =
  'mutation($e: String!, $p: UserInput!) { create_user(email: $e, props: $p) { ok msg user { email uuid } } }';
const CREATE_GROUP =
  'mutation($n: String!) { create_group(name: $n, props: { domain_name: "default" }) { ok msg group { id } } }';
const ADD_MEMBERS =
  'mutation($g: UUID!, $u: [String]) { modify_group(gid: $g, props: { user_update_mode: "add", user_uuids: $u }) { ok msg } }';
// rate_limit differs per call: identical signed requests in the same second are refused as replays (by design).
const CREATE_KEYPAIR =
  'mutation($u: String!, $r: Int!) { create_keypair(user_id: $u, props: { resource_policy: "default", rate_limit: $r }) { ok msg keypair { access_key } } }';

const userProps = (name: string, groupIds: string[]) => ({
  username: name,
  password: 'correct horse battery',
  need_password_change: false,
  group_ids: groupIds,
});
const fmt = (t: Record<string, number>) =>
  Object.entries(t)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');

/** Members of a group as the API reports them (user_list by group). */
export async function memberIds(url: string, groupId: string): Promise<Set<string>> {
  const a = await read(
    url,
    'query($g: UUID) { user_list(limit: 100, offset: 0, group_id: $g) { items { uuid } } }',
    { g: groupId },
  );
  const list = a.data?.user_list as { items?: { uuid: string }[] } | null | undefined;
  return new Set((list?.items ?? []).map((u) => u.uuid));
}

/** N concurrent create_user into one group, then read back users, their main keypairs and memberships. */
export async function sweepUsers(
  url: string,
  n: number,
  ledger: Ledger,
  report: Report,
): Promise<string[]> {
  const g = await gql(url, CREATE_GROUP, { n: `chk-${ledger.run}-users-${n}` });
  const gid = g.data?.create_group?.group?.id;
  if (!gid) throw new Error(`create_group failed: ${JSON.stringify(g)}`);
  ledger.groups.set(gid, new Set());
  const prefix = `chk-${ledger.run}-u${n}-`;
  const emails = Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);
  const answers = await Promise.all(
    emails.map((e, i) => gql(url, CREATE_USER, { e, p: userProps(`${prefix}${i}`, [gid]) })),
  );
  const acked = answers.flatMap((a) =>
    a.data?.create_user?.ok ? [need(a.data.create_user.user, 'create_user.user')] : [],
  );
  for (const u of acked) {
    ledger.emails.add(u.email);
    ledger.groups.get(gid)?.add(u.uuid);
  }
  if (unknownOutcomes(answers) > 0) await drain(url, ledger);
  const present = await listAll<{
    email: string;
    uuid: string;
    main_access_key: string;
    keypairs: { access_key: string }[];
  }>(
    url,
    'user_list',
    `email like "${prefix}%"`,
    'email uuid main_access_key keypairs { access_key }',
  );
  const withKey = present.filter((u) => u.keypairs.some((k) => k.access_key === u.main_access_key));
  const ackedSet = new Set(acked.map((u) => u.email));
  for (const u of withKey) if (ackedSet.has(u.email)) ledger.accessKeys.add(u.main_access_key);
  const members = await memberIds(url, gid);
  const ackedPresent = present.filter((u) => ackedSet.has(u.email)).length;
  const extra = present.length - ackedPresent;
  // Every acknowledged user is there; any other is from an OUTCOME_UNKNOWN answer; each stored user is whole (keypair + membership).
  const same =
    ackedPresent === acked.length &&
    extra <= unknownOutcomes(answers) &&
    withKey.length === present.length &&
    members.size === present.length;
  report(
    same,
    `create_user  N=${String(n).padStart(3)}: answers ${fmt(tally(answers, 'create_user'))}; acknowledged ${acked.length}, acknowledged present ${ackedPresent}; stored ${present.length}, with main keypair ${withKey.length}, group members ${members.size}`,
  );
  warnUnknown(report, `create_user  N=${n}`, answers, extra);
  return acked.map((u) => u.uuid);
}

/** N concurrent create_group, then N concurrent modify_group adding `members` to each; read back. */
export async function sweepGroups(
  url: string,
  n: number,
  members: string[],
  ledger: Ledger,
  report: Report,
): Promise<void> {
  const names = Array.from({ length: n }, (_, i) => `chk-${ledger.run}-g${n}-${i}`);
  const created = await Promise.all(names.map((name) => gql(url, CREATE_GROUP, { n: name })));
  const ids = created.flatMap((a) =>
    a.data?.create_group?.ok ? [need(a.data.create_group.group, 'create_group.group').id] : [],
  );
  if (unknownOutcomes(created) > 0) await drain(url, ledger);
  const listed = await read(url, '{ groups(domain_name: "default") { id name } }');
  const present = (listed.data?.groups ?? []).filter(
    (x) => x.name !== undefined && names.includes(x.name),
  );
  const presentIds = new Set(present.map((g) => g.id));
  const ackedPresent = ids.filter((id) => presentIds.has(id)).length;
  const added = await Promise.all(ids.map((gid) => gql(url, ADD_MEMBERS, { g: gid, u: members })));
  if (unknownOutcomes(added) > 0) await drain(url, ledger);
  let membersOk = 0;
  await Promise.all(
    ids.map(async (gid, i) => {
      const ack = added[i]?.data?.modify_group?.ok === true;
      ledger.groups.set(gid, new Set(ack ? members : []));
      const got = await memberIds(url, gid);
      if (ack && members.every((m) => got.has(m))) membersOk += 1;
    }),
  );
  const addAcked = added.filter((a) => a.data?.modify_group?.ok === true).length;
  const same =
    ackedPresent === ids.length &&
    present.length - ackedPresent <= unknownOutcomes(created) &&
    membersOk === addAcked;
  report(
    same,
    `create_group N=${String(n).padStart(3)}: answers ${fmt(tally(created, 'create_group'))}; acknowledged ${ids.length}, acknowledged present ${ackedPresent}, stored ${present.length}; add ${members.length} members: answers ${fmt(tally(added, 'modify_group'))}, present in ${membersOk}`,
  );
  warnUnknown(report, `create_group N=${n}`, created, present.length - ackedPresent);
  warnUnknown(report, `modify_group N=${n}`, added);
}

/** N concurrent create_keypair for one user; read back its keypairs. */
export async function sweepKeypairs(
  url: string,
  n: number,
  email: string,
  ledger: Ledger,
  report: Report,
): Promise<void> {
  const answers = await Promise.all(
    Array.from({ length: n }, (_, i) => gql(url, CREATE_KEYPAIR, { u: email, r: 1000 + i })),
  );
  const keys = answers.flatMap((a) =>
    a.data?.create_keypair?.ok
      ? [need(a.data.create_keypair.keypair, 'create_keypair.keypair').access_key]
      : [],
  );
  for (const k of keys) ledger.accessKeys.add(k);
  if (unknownOutcomes(answers) > 0) await drain(url, ledger);
  const present = new Set(
    (
      await listAll<{ access_key: string }>(
        url,
        'keypair_list',
        `email == "${email}"`,
        'access_key',
      )
    ).map((k) => k.access_key),
  );
  const found = keys.filter((k) => present.has(k)).length;
  report(
    found === keys.length,
    `create_keypair N=${String(n).padStart(3)} for ${email}: answers ${fmt(tally(answers, 'create_keypair'))}; acknowledged ${keys.length}, acknowledged present ${found}`,
  );
  warnUnknown(report, `create_keypair N=${n}`, answers);
}

/** 100 concurrent create_user with one email: exactly 1 success and 99 duplicate-email errors, 1 stored. */
export async function duplicateUsers(url: string, ledger: Ledger, report: Report): Promise<void> {
  const email = `chk-${ledger.run}-dup@example.com`;
  const answers = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      gql(url, CREATE_USER, { e: email, p: userProps(`chk-${ledger.run}-dup-${i}`, []) }),
    ),
  );
  if (unknownOutcomes(answers) > 0) await drain(url, ledger);
  const t = tally(answers, 'create_user');
  const dupMsg = 'integrity error: duplicate value for unique field "email"';
  const stored = await listAll<{ email: string }>(url, 'user_list', `email == "${email}"`, 'email');
  if (t.success === 1) ledger.emails.add(email);
  const unknown = unknownOutcomes(answers);
  // With OUTCOME_UNKNOWN answers the one stored user may be one of those: then 0 successes is right.
  const others = 100 - (t.success ?? 0) - (t[dupMsg] ?? 0) - unknown;
  report(
    (t.success ?? 0) <= 1 &&
      others === 0 &&
      stored.length === 1 &&
      (unknown > 0 || t.success === 1),
    `create_user x100, one email: ${fmt(t)}; stored ${stored.length}`,
  );
  warnUnknown(report, 'create_user x100, one email', answers);
}
