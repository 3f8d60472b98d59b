import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { OutboxMessage, SelfServiceStore } from '../data/selfServiceStore';
import type { SelfServiceConfig } from './settings';

export type Message = Omit<OutboxMessage, 'id' | 'at'>;

/**
 * Delivers one-time codes and links. Two adapters:
 *  - outbox (development and tests): appends to a capped Redis list that tests and
 *    `src/selfservice/outboxCli.ts` read; never enable it where real users sign in;
 *  - webhook (production): POSTs the message as JSON to SELFSERVICE_WEBHOOK_URL, which hands
 *    it to SMTP or an SMS gateway; a non-2xx answer or a timeout fails the mutation.
 */
export interface Sender {
  send(message: Message): Promise<void>;
}

class OutboxSender implements Sender {
  constructor(
    private readonly store: SelfServiceStore,
    private readonly max: number,
  ) {}

  async send(message: Message): Promise<void> {
    await this.store.pushOutbox({ ...message, id: randomUUID(), at: Date.now() }, this.max);
  }
}

class WebhookSender implements Sender {
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async send(message: Message): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...message, id: randomUUID(), at: Date.now() }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }
}

export function createSender(config: SelfServiceConfig, store: SelfServiceStore): Sender {
  if (config.sender.kind === 'webhook' && config.sender.webhookUrl)
    return new WebhookSender(config.sender.webhookUrl, config.sender.timeoutMs);
  return new OutboxSender(store, config.sender.outboxMax);
}

/** Refuses once the account asked for more than sendLimit.max messages in the window. */
export async function throttle(
  store: SelfServiceStore,
  config: SelfServiceConfig,
  accountId: string,
): Promise<void> {
  if ((await store.countSend(accountId, config.sendLimit.windowMs)) > config.sendLimit.max) {
    throw new GraphQLError('Too many messages requested for this account; try again later', {
      extensions: { classification: 'too-many-attempts-error', code: 'TOO_MANY_REQUESTS' },
    });
  }
}

/** Sends, logging only who and why (never the code or link); a failure is a clear error. */
export async function deliver(sender: Sender, message: Message, logger: Logger): Promise<void> {
  try {
    await sender.send(message);
    logger.info(
      { purpose: message.purpose, channel: message.channel, accountId: message.accountId },
      'self-service message sent',
    );
  } catch (err) {
    logger.warn(
      { purpose: message.purpose, channel: message.channel, err: (err as Error).message },
      'self-service message not delivered',
    );
    throw new GraphQLError('The message could not be delivered; try again later', {
      extensions: { code: 'DELIVERY_FAILED' },
    });
  }
}
