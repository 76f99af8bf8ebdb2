import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Layout, RequireAccount } from './components/layout';

// One chunk per page: the first paint loads only the shell and the page it shows.
const Marketplace = lazy(() => import('./pages/marketplace'));
const OfferingPage = lazy(() => import('./pages/offering'));
const SignIn = lazy(() => import('./pages/sign-in'));
const Rentals = lazy(() => import('./pages/rentals'));
const ContractPage = lazy(() => import('./pages/contract'));
const Wallet = lazy(() => import('./pages/wallet'));
const Provider = lazy(() => import('./pages/provider'));
const Admin = lazy(() => import('./pages/admin'));
const Account = lazy(() => import('./pages/account'));

const signedIn = (page: React.ReactNode) => <RequireAccount>{page}</RequireAccount>;

/** The routes of the dashboard. */
export function App() {
  return (
    <Suspense fallback={<p aria-busy="true">Loading…</p>}>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Marketplace />} />
          <Route path="offerings/:id" element={<OfferingPage />} />
          <Route path="sign-in" element={<SignIn />} />
          <Route path="rentals" element={signedIn(<Rentals />)} />
          <Route path="contracts/:id" element={signedIn(<ContractPage />)} />
          <Route path="wallet" element={signedIn(<Wallet />)} />
          {/* Each area routes its own sub-pages (`provider/offerings`, `admin/payouts`, ...). */}
          <Route path="provider/*" element={signedIn(<Provider />)} />
          <Route path="admin/*" element={signedIn(<Admin />)} />
          <Route path="account/*" element={signedIn(<Account />)} />
          <Route path="*" element={<h1>Page not found</h1>} />
        </Route>
      </Routes>
    </Suspense>
  );
}
