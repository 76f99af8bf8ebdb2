import { useState } from 'react';

/**
 * Keeps the cursors of the pages already seen so a list can go forward with the API's
 * `next_cursor` and back again; `reset()` goes to the first page (after a filter change).
 */
export function useCursorPages() {
  const [stack, setStack] = useState<readonly string[]>([]);
  return {
    cursor: stack.at(-1),
    page: stack.length + 1,
    next: (cursor: string) => setStack((s) => [...s, cursor]),
    previous: () => setStack((s) => s.slice(0, -1)),
    reset: () => setStack([]),
  };
}
