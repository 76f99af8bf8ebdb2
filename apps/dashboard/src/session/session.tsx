import { type Account, type Client, getMe } from '@dc/client';
import { type Identity, identityFromSeedPhrase } from '@dc/crypto';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { makeClient } from '../api/client';
import { isUnregisteredKey } from '../api/errors';
import { relabelAccount } from './accounts';

/** Who is signed in. The key lives in memory only; reloading the page signs out. */
export interface Session {
  readonly identity: Identity;
  readonly client: Client;
  /** The platform account of this key; null until one is registered. */
  readonly account: Account | null;
}

interface SessionApi {
  readonly session: Session | null;
  readonly anonymous: Client;
  /** Derives the key from `phrase` and looks its account up (null when none yet). */
  signIn(phrase: string): Promise<Session>;
  /** Records the account registered for the current key. */
  setAccount(account: Account): void;
  signOut(): void;
}

const SessionContext = createContext<SessionApi | null>(null);

/** Holds the signed-in key for the whole app. */
export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const queryClient = useQueryClient();
  const anonymous = useMemo(() => makeClient(), []);

  const signIn = useCallback(
    async (phrase: string) => {
      const identity = identityFromSeedPhrase(phrase);
      const client = makeClient(identity.secretKey);
      let account: Account | null = null;
      try {
        account = await getMe(client, {});
      } catch (error) {
        if (!isUnregisteredKey(error)) throw error;
      }
      if (account) relabelAccount(identity.publicKeyHex, account.username);
      const next = { identity, client, account };
      queryClient.clear();
      setSession(next);
      return next;
    },
    [queryClient],
  );

  const setAccount = useCallback((account: Account) => {
    setSession((current) => {
      if (!current) return current;
      relabelAccount(current.identity.publicKeyHex, account.username);
      return { ...current, account };
    });
  }, []);

  const signOut = useCallback(() => {
    queryClient.clear();
    setSession(null);
  }, [queryClient]);

  const value = useMemo(
    () => ({ session, anonymous, signIn, setAccount, signOut }),
    [session, anonymous, signIn, setAccount, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session API; throws outside {@link SessionProvider}. */
export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() must be used inside <SessionProvider>');
  return value;
}

/** The signed-in session with an account; pages behind {@link RequireAccount} only. */
export function useSignedIn(): Session & { readonly account: Account } {
  const { session } = useSession();
  if (!session?.account) throw new Error('useSignedIn() needs a signed-in account');
  return session as Session & { readonly account: Account };
}
