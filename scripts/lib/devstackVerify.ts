import { listAll, read } from './devstackClient';
import { memberIds, type Ledger, type Report } from './devstackSweeps';

export interface Counts {
  users: number;
  keypairs: number;
  groups: number;
  memberships: number;
  /** Everything stored under this run's prefix, including writes whose answer was OUTCOME_UNKNOWN. */
  storedUsers: number;
  storedKeypairs: number;
}

/** Reads back everything in the ledger through the gateway; reports acknowledged vs present. */
export async function verifyLedger(
  url: string,
  ledger: Ledger,
  when: string,
  report: Report,
): Promise<Counts> {
  const users = new Set(
    (
      await listAll<{ email: string }>(
        url,
        'user_list',
        `email like "chk-${ledger.run}-%"`,
        'email',
      )
    ).map((u) => u.email),
  );
  const keys = new Set(
    (
      await listAll<{ access_key: string }>(
        url,
        'keypair_list',
        `email like "chk-${ledger.run}-%"`,
        'access_key',
      )
    ).map((k) => k.access_key),
  );
  const listed = await read(url, '{ groups(domain_name: "default") { id } }');
  const groups = new Set((listed.data?.groups ?? []).map((g) => g.id));
  const ids = [...ledger.groups.keys()];
  let membersWanted = 0;
  let membersPresent = 0;
  for (let i = 0; i < ids.length; i += 20) {
    await Promise.all(
      ids.slice(i, i + 20).map(async (gid) => {
        const want = ledger.groups.get(gid) ?? new Set<string>();
        const got = await memberIds(url, gid);
        membersWanted += want.size;
        membersPresent += [...want].filter((u) => got.has(u)).length;
      }),
    );
  }
  const counts: Counts = {
    users: [...ledger.emails].filter((e) => users.has(e)).length,
    keypairs: [...ledger.accessKeys].filter((k) => keys.has(k)).length,
    groups: ids.filter((g) => groups.has(g)).length,
    memberships: membersPresent,
    storedUsers: users.size,
    storedKeypairs: keys.size,
  };
  const line = `users ${counts.users}/${ledger.emails.size}, keypairs ${counts.keypairs}/${ledger.accessKeys.size}, groups ${counts.groups}/${ids.length}, memberships ${counts.memberships}/${membersWanted}; stored in all: ${users.size} users, ${keys.size} keypairs`;
  const ok =
    counts.users === ledger.emails.size &&
    counts.keypairs === ledger.accessKeys.size &&
    counts.groups === ids.length &&
    counts.memberships === membersWanted;
  report(ok, `${when}: acknowledged present (present/acknowledged): ${line}`);
  return counts;
}
