import { GraphQLError } from 'graphql';
import type { DeviceRecord } from '../data/accountModel';
import { badInput, notFound } from '../errors';
import type { MutationResolvers } from '../generated/resolvers';
import { checkArgument } from '../rules';
import { requireAccount } from './access';
import { storeCall } from '../storeCall';

type DeviceFields = Partial<Omit<DeviceRecord, 'createdMs' | 'lastModifiedMs'>>;

function checkDevice(fields: DeviceFields): void {
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string' && (v.length > 512 || (k === 'deviceId' && v.length === 0)))
      throw badInput(`deviceFields.${k} must be 1 to 512 characters`, k);
  }
}

function merge(d: DeviceRecord, fields: DeviceFields): DeviceRecord {
  const next: Record<string, unknown> = { ...d, lastModifiedMs: Date.now() };
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'deviceId') continue;
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next as unknown as DeviceRecord;
}

/** Devices live inside the account document; every change is one versioned account write. */
export const DeviceMutations: MutationResolvers = {
  async addDeviceToAccountByAccountId(_, { input }, ctx) {
    requireAccount(ctx, 'update', input.accountId);
    checkDevice(input.deviceFields);
    const now = Date.now();
    const device = merge(
      { deviceId: input.deviceFields.deviceId, createdMs: now, lastModifiedMs: now },
      input.deviceFields,
    );
    const account = await storeCall(() =>
      ctx.repos.accounts.update(input.accountId, (row) => {
        const devices = row.record.devices ?? [];
        if (devices.some((d) => d.deviceId === device.deviceId)) {
          throw new GraphQLError('A device with this deviceId is already registered', {
            extensions: {
              classification: 'constraint-violation',
              field: 'deviceId',
              code: 'BAD_USER_INPUT',
            },
          });
        }
        return { record: { ...row.record, devices: [...devices, device] } };
      }),
    );
    if (!account) throw notFound('Account');
    return { device };
  },

  async updateDeviceFromAccountByAccountId(_, { input }, ctx) {
    requireAccount(ctx, 'update', input.accountId);
    checkArgument('deviceId', input.deviceId);
    checkDevice(input.deviceFields);
    let device: DeviceRecord | undefined;
    await storeCall(() =>
      ctx.repos.accounts.update(input.accountId, (row) => {
        const devices = (row.record.devices ?? []).map((d) =>
          d.deviceId === input.deviceId ? (device = merge(d, input.deviceFields)) : d,
        );
        return { record: { ...row.record, devices } };
      }),
    );
    if (!device) throw notFound('Device');
    return { device };
  },

  async deleteDeviceFromAccountByAccountId(_, { input }, ctx) {
    requireAccount(ctx, 'update', input.accountId);
    let deleted = false;
    await storeCall(() =>
      ctx.repos.accounts.update(input.accountId, (row) => {
        const devices = row.record.devices ?? [];
        const kept = devices.filter((d) => d.deviceId !== input.deviceId);
        deleted = kept.length < devices.length;
        return { record: { ...row.record, devices: kept } };
      }),
    );
    return { deleted };
  },
};
