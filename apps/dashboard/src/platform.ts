import { getHealth } from '@dc/client';
import { useQuery } from '@tanstack/react-query';
import { useSession } from './session/session';

/** Whether the platform says it runs in sandbox mode (test money, "local sandbox" labels). */
export function useSandbox(): boolean {
  const { anonymous } = useSession();
  const health = useQuery({
    queryKey: ['health'],
    queryFn: () => getHealth(anonymous, {}),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return health.data?.sandbox === true;
}
