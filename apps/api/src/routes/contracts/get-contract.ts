import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { partyContract } from '../../contracts/access';
import { contractView } from '../../contracts/view';
import type { Handler } from '../../http/mount';

/** `GET /v1/contracts/{id}`: for its renter, its provider or an admin; anyone else gets 404. */
export const getContract: Handler<typeof operations.getContract> = async ({ params }, ctx) => {
  const { contract } = await partyContract(ctx.db, params.id, accountCaller(ctx));
  return contractView(ctx.db, contract);
};
