// Reads Bitrix24's offline event queue (OAuth applications) every few seconds and
// turns each notice into queued work, as the online event handler does.
import { OfflineEventQueue, type B24Client } from '../connectors/bitrix24/index.ts';
import type { Logger } from '../core/log.ts';
import type { Engine } from '../engine/engine.ts';
import { eventTarget } from '../server/b24-events.ts';

export async function startOfflineIntake(client: B24Client, engine: Engine, authConnector: string, log: Logger, everyMs = 5000): Promise<() => void> {
  const queue = new OfflineEventQueue(client, authConnector);
  await queue.bind();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    queue
      .drain(async (notices) => {
        for (const notice of notices) {
          const target = eventTarget(notice.event, notice.fields);
          if (target.kind === 'record' && engine.runtimes.has(target.entity)) await engine.enqueueEvent(target.entity, target.id);
          else if (target.kind === 'scan') engine.scanSoon(target.entity, 'b24');
        }
      })
      .catch((error: unknown) => log.warn({ err: error instanceof Error ? error.message : String(error) }, 'offline event queue could not be read; polling covers the gap'))
      .finally(() => {
        busy = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
