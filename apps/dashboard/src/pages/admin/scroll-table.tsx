import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways on a narrow screen, reachable by keyboard even when no cell
 * holds a link or button (focus it, then use the arrow keys).
 */
export function ScrollTable(props: { readonly label: string; readonly children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard (WCAG 2.1.1)
    <section className="table-wrap area-table" aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  );
}
