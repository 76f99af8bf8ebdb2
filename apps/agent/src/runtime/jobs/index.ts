import type { JobKind } from '@dc/client/agent';
import type { z } from 'zod';
import { start, stop } from './power';
import { provision } from './provision';
import { resetPassword } from './reset-password';
import { rotateSshKey } from './rotate-ssh-key';
import { terminate } from './terminate';
import type { JobHandler } from './types';

/** The handler of each job kind the API hands out. */
export const JOB_HANDLERS: Readonly<Record<z.output<typeof JobKind>, JobHandler>> = {
  provision,
  terminate,
  reset_password: resetPassword,
  rotate_ssh_key: rotateSshKey,
  stop,
  start,
};
