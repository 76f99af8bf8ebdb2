import { Health } from '../schemas/health';
import { defineOperation } from './define';

export const getHealth = defineOperation('getHealth', {
  method: 'GET',
  path: '/v1/health',
  auth: 'public',
  tag: 'health',
  summary: 'Database reachable and migrations current',
  description: 'Answers 200 when healthy and 503 (same body) when the database is unreachable.',
  response: Health,
});
