import type { ReactNode } from 'react';

/** What an input needs to be tied to its label, hint and error. */
export interface FieldA11y {
  readonly id: string;
  readonly 'aria-invalid': boolean;
  readonly 'aria-describedby': string | undefined;
}

/**
 * A labelled input with its hint and its error right below it; the input is marked invalid and
 * described by both, so a screen reader reads what is allowed.
 */
export function Field(props: {
  readonly id: string;
  readonly label: string;
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly children: (a11y: FieldA11y) => ReactNode;
}) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  const errorId = props.error ? `${props.id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children({
        id: props.id,
        'aria-invalid': props.error !== undefined,
        'aria-describedby': describedBy,
      })}
      {props.hint ? (
        <p id={hintId} className="hint">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={errorId} className="error field-error">
          {props.label}: {props.error}
        </p>
      ) : null}
    </div>
  );
}
