import type { ReactNode } from 'react';
import { errorMessage } from '../api/errors';

/** An honest loading / error / empty state for a query. */
export function QueryState({
  loading,
  error,
  empty,
  emptyText,
  children,
}: {
  readonly loading: boolean;
  readonly error: unknown;
  readonly empty?: boolean;
  readonly emptyText?: string;
  readonly children?: ReactNode;
}) {
  if (loading) return <p aria-busy="true">Loading…</p>;
  if (error)
    return (
      <p role="alert" className="error">
        {errorMessage(error)}
      </p>
    );
  if (empty) return <p className="muted">{emptyText ?? 'Nothing here yet.'}</p>;
  return <>{children}</>;
}

/** A failed mutation's message, announced. */
export function ErrorText({ error }: { readonly error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {errorMessage(error)}
    </p>
  );
}
