import { type ReactNode, Suspense, useEffect, useState } from 'react';
import { Link, Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { useSandbox } from '../platform';
import { useSession } from '../session/session';

type Theme = 'light' | 'dark' | 'system';

function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(
    () => (localStorage.getItem('dc.theme') as Theme | null) ?? 'system',
  );
  useEffect(() => {
    localStorage.setItem('dc.theme', theme);
    if (theme === 'system') delete document.documentElement.dataset['theme'];
    else document.documentElement.dataset['theme'] = theme;
  }, [theme]);
  const next: Theme = theme === 'system' ? 'dark' : theme === 'dark' ? 'light' : 'system';
  return (
    <button type="button" className="secondary small" onClick={() => setTheme(next)}>
      Theme: {theme}
    </button>
  );
}

/** The frame of every page: header, navigation, the sandbox banner. */
export function Layout() {
  const { session, signOut } = useSession();
  const sandbox = useSandbox();
  const account = session?.account;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {sandbox ? (
        <p className="sandbox-banner" role="note">
          LOCAL SANDBOX: nothing here is real. Servers run on a fake cloud and money is test money.
        </p>
      ) : null}
      <header className="site-header">
        <Link to="/" className="brand">
          Decent Cloud{sandbox ? <span className="badge">local sandbox</span> : null}
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/" end>
                Marketplace
              </NavLink>
            </li>
            {account ? (
              <>
                <li>
                  <NavLink to="/rentals">Rentals</NavLink>
                </li>
                <li>
                  <NavLink to="/wallet">Wallet</NavLink>
                </li>
                <li>
                  <NavLink to="/provider">Provider</NavLink>
                </li>
                <li>
                  <NavLink to="/account">Account</NavLink>
                </li>
                {account.is_admin ? (
                  <li>
                    <NavLink to="/admin">Admin</NavLink>
                  </li>
                ) : null}
              </>
            ) : null}
          </ul>
        </nav>
        <div className="header-tools">
          <ThemeToggle />
          {session ? (
            <>
              <span className="who" title={session.identity.publicKeyHex}>
                {account ? `@${account.username}` : 'no account yet'}
              </span>
              <Link to="/sign-in">Switch account</Link>
              <button type="button" className="secondary small" onClick={signOut}>
                Sign out
              </button>
            </>
          ) : (
            <Link to="/sign-in">Sign in</Link>
          )}
        </div>
      </header>
      <main id="main">
        <Suspense fallback={<p aria-busy="true">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}

/** Sends visitors without an account to sign in, then back here. */
export function RequireAccount({ children }: { readonly children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session?.account) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  return <>{children}</>;
}
