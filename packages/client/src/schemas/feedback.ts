import { z } from 'zod';
import { Id, Timestamp } from './common';

/** The two questions a renter answers after a delivered contract ends (trust.md §2-3). */
export const FEEDBACK_QUESTIONS = {
  matched_description: 'Did the service match its description?',
  would_rent_again: 'Would you rent from this provider again?',
} as const;

/** Longest feedback comment, in characters. */
export const MAX_FEEDBACK_COMMENT_CHARS = 2000;

/**
 * `POST /v1/contracts/{id}/feedback`: the renter's answers, once per contract. Only the yes/no
 * answers feed the provider's record; the comment is for the provider and admins.
 */
export const FeedbackBody = z.strictObject({
  matched_description: z.boolean(),
  would_rent_again: z.boolean(),
  comment: z.string().trim().max(MAX_FEEDBACK_COMMENT_CHARS).optional(),
});
export type FeedbackBody = z.input<typeof FeedbackBody>;

/** A contract's feedback as its renter, its provider and admins see it. */
export const ContractFeedback = z.object({
  contract_id: Id,
  renter: z.string(),
  provider: z.string(),
  matched_description: z.boolean(),
  would_rent_again: z.boolean(),
  /** Null when the renter left none (an empty comment is stored as none). */
  comment: z.string().nullable(),
  created_at: Timestamp,
});
export type ContractFeedback = z.infer<typeof ContractFeedback>;
