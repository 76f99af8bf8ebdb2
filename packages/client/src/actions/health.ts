import type { OperationParameters, OperationResult } from '../operations/define';
import * as ops from '../operations/health';
import { action } from './define-action';

/** Database reachable and migrations current. `GET /v1/health` */
export const getHealth = action(ops.getHealth);
export type GetHealthParameters = OperationParameters<typeof ops.getHealth>;
export type GetHealthReturnType = OperationResult<typeof ops.getHealth>;
