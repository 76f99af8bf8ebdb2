import type { SearchComparator } from './ast';

/** One value as written, before the field gives it a meaning. */
export interface RawValue {
  /** The word, or the quoted string unescaped. */
  readonly text: string;
  /** Offset of its first character (the opening quote of a quoted value). */
  readonly position: number;
  /** Whether it was written in quotes (offsets inside it are then approximate). */
  readonly quoted: boolean;
}

/** The shape of a clause's value expression, as the grammar recognised it. */
export type RawExpression =
  | { readonly form: 'single'; readonly value: RawValue }
  | { readonly form: 'list'; readonly values: readonly RawValue[]; readonly position: number }
  | {
      readonly form: 'range';
      readonly min: RawValue;
      readonly max: RawValue;
      readonly position: number;
    }
  | {
      readonly form: 'compare';
      readonly op: SearchComparator;
      readonly value: RawValue;
      readonly position: number;
    };
