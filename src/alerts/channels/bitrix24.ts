// Alerts as Bitrix24 notifications to chosen users (im.notify.system.add), sent
// through the service's own Bitrix24 client, so they share its limiter and batches.
// The webhook or application needs the `im` scope.
import type { Channel, Message, Notice } from '../types.ts';

/** What the channel needs of the Bitrix24 client. */
export interface B24Caller {
  call(method: string, params?: Record<string, unknown>): Promise<unknown>;
}

export function bitrix24Channel(client: B24Caller, userIds: readonly number[]): Channel {
  return {
    name: 'bitrix24',
    async send(notice: Notice, message: Message): Promise<void> {
      const text = `[b]${message.subject}[/b]\n${message.text}`;
      // The tag lets a later notice about the same alert replace the earlier one in the user's list.
      const tag = `b24nav:${notice.alert.key}`;
      const results = await Promise.allSettled(userIds.map((id) => client.call('im.notify.system.add', { USER_ID: id, MESSAGE: text, TAG: tag })));
      const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [`user ${userIds[i]}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`] : []));
      if (failed.length > 0) throw new Error(`im.notify.system.add failed for ${failed.join('; ')}`);
    },
  };
}
