import { lazy, Suspense } from 'react';
import { Link, Route, Routes } from 'react-router';
import { useSignedIn } from '../session/session';
import { ProviderNav } from './provider/nav';
import Overview from './provider/overview';
import './provider/provider.css';

// One chunk per section, so the overview does not load the editor or the charts.
const Offerings = lazy(() => import('./provider/offerings'));
const OfferingEditor = lazy(() => import('./provider/offering-editor'));
const Requests = lazy(() => import('./provider/requests'));
const Contracts = lazy(() => import('./provider/contracts'));
const ManualDelivery = lazy(() => import('./provider/manual-delivery'));
const Agents = lazy(() => import('./provider/agents'));
const Earnings = lazy(() => import('./provider/earnings'));
const Reliability = lazy(() => import('./provider/reliability'));

/** The provider area: onboarding at `/provider`, one sub-page per section. */
export default function Provider() {
  const { account } = useSignedIn();
  const section = (page: React.ReactNode) =>
    account.is_provider ? (
      page
    ) : (
      <p>
        Save a provider profile first (step 1 of <Link to="/provider">Get started</Link>).
      </p>
    );
  return (
    <>
      <h1>Provider</h1>
      {account.is_provider ? <ProviderNav /> : null}
      <Suspense fallback={<p aria-busy="true">Loading…</p>}>
        <Routes>
          <Route index element={<Overview />} />
          <Route path="offerings" element={section(<Offerings />)} />
          <Route path="offerings/:id" element={section(<OfferingEditor />)} />
          <Route path="requests" element={section(<Requests />)} />
          <Route path="contracts" element={section(<Contracts />)} />
          <Route path="contracts/:id/deliver" element={section(<ManualDelivery />)} />
          <Route path="agents" element={section(<Agents />)} />
          <Route path="earnings" element={section(<Earnings />)} />
          <Route path="reliability" element={section(<Reliability />)} />
          <Route path="*" element={<p>There is no such provider section.</p>} />
        </Routes>
      </Suspense>
    </>
  );
}
