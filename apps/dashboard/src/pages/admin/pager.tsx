/** Previous / next buttons over a cursor-paginated list. */
export function Pager(props: {
  readonly label: string;
  readonly page: number;
  readonly nextCursor: string | null | undefined;
  readonly onNext: (cursor: string) => void;
  readonly onPrevious: () => void;
}) {
  const { nextCursor } = props;
  if (props.page === 1 && !nextCursor) return null;
  return (
    <nav className="pagination" aria-label={props.label}>
      <button
        type="button"
        className="secondary small"
        disabled={props.page === 1}
        onClick={props.onPrevious}
      >
        Previous
      </button>
      <span>Page {props.page}</span>
      <button
        type="button"
        className="secondary small"
        disabled={!nextCursor}
        onClick={() => {
          if (nextCursor) props.onNext(nextCursor);
        }}
      >
        Next
      </button>
    </nav>
  );
}
