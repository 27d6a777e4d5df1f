import { Fragment, type ReactNode } from 'react';

/** Short facts in a row, "a · b · c"; each fact is its own message, so plurals and word order stay right per language. */
export function Parts({ children }: { children: ReactNode[] }) {
  return children
    .filter((c) => c !== null && c !== false)
    .map((c, i) => (
      <Fragment key={i}>
        {i > 0 ? ' · ' : null}
        {c}
      </Fragment>
    ));
}
