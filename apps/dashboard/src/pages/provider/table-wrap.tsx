import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways on a narrow screen: a named region in the tab order, so
 * keyboard users can scroll it too; positioned, so visually hidden text in its cells stays
 * inside it instead of widening the page.
 */
export function TableWrap({
  label,
  children,
}: {
  readonly label: string;
  readonly children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard
    <section className="table-wrap provider-table" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
