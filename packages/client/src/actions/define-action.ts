import { type CallOptions, callOperation } from '../call';
import type { Client } from '../client';
import type { Operation, OperationParameters, OperationResult } from '../operations/define';

/** The function a client calls for an operation: `getOffering(client, { id })`. */
export type Action<O extends Operation> = (
  client: Client,
  parameters: OperationParameters<O>,
  options?: CallOptions,
) => Promise<OperationResult<O>>;

/** Makes the client function of an operation; it carries the operation for introspection. */
export function action<O extends Operation>(operation: O): Action<O> & { readonly operation: O } {
  const run: Action<O> = (client, parameters, options) =>
    callOperation(client, operation, parameters, options);
  return Object.assign(run, { operation });
}
