import { z } from 'zod';
import { Id } from '../schemas/common';
import { ContractFeedback, FeedbackBody } from '../schemas/feedback';
import { defineOperation } from './define';

const tag = 'feedback';
const params = z.object({ id: Id });

export const submitContractFeedback = defineOperation('submitContractFeedback', {
  method: 'POST',
  path: '/v1/contracts/{id}/feedback',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'The renter answers the two feedback questions, once, after a delivered contract ended',
  description:
    '409 feedback_exists on a second answer; 409 contract_not_ended while the contract runs; ' +
    '409 contract_not_delivered when it ended without ever being provisioned. Only the renter may answer (403 not_renter).',
  params,
  body: FeedbackBody,
  response: ContractFeedback,
  status: 201,
});

export const getContractFeedback = defineOperation('getContractFeedback', {
  method: 'GET',
  path: '/v1/contracts/{id}/feedback',
  auth: 'account',
  scope: 'read',
  tag,
  summary:
    "A contract's feedback (its renter, its provider or an admin); 404 feedback_not_found before it is given",
  params,
  response: ContractFeedback,
});
