import { type Client, listNotifications } from '@dc/client';
import { until } from '../mail/smtp-sink';

/** Every inbox entry of the client's account, newest first (all pages). */
export async function inboxOf(client: Client) {
  const items = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listNotifications(client, {
      limit: 100,
      ...(cursor === undefined ? {} : { cursor }),
    });
    items.push(...page.items);
    if (page.next_cursor === null) return items;
    cursor = page.next_cursor;
  }
}

/** Waits until `count()` reaches `expected` (the worker runs in the background). */
export async function reaches(what: string, count: () => number | Promise<number>, expected: number) {
  return until(what, async () => ((await count()) >= expected ? true : undefined), 30_000);
}
