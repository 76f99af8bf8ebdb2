import { Route, Routes } from 'react-router';
import { useSignedIn } from '../session/session';
import { Accounts } from './admin/accounts';
import { PaymentAlerts } from './admin/payment-alerts';
import { PayoutBatchPage } from './admin/payout-batch';
import { Payouts } from './admin/payouts';
import { Refunds } from './admin/refunds';
import { SectionNav } from './admin/section-nav';

const SECTIONS = [
  { to: '/admin', label: 'Refunds', end: true },
  { to: '/admin/payouts', label: 'Payouts' },
  { to: '/admin/payment-alerts', label: 'Payment alerts' },
  { to: '/admin/accounts', label: 'Accounts' },
];

/** The admin area: refunds, payouts, payment alerts and accounts, each a section of its own. */
export default function Admin() {
  const { account } = useSignedIn();
  if (!account.is_admin) {
    return (
      <>
        <h1>Admin</h1>
        <p>This page is for the platform's admins.</p>
      </>
    );
  }
  return (
    <>
      <h1>Admin</h1>
      <SectionNav label="Admin sections" links={SECTIONS} />
      <Routes>
        <Route index element={<Refunds />} />
        <Route path="payouts" element={<Payouts />} />
        <Route path="payouts/:id" element={<PayoutBatchPage />} />
        <Route path="payment-alerts" element={<PaymentAlerts />} />
        <Route path="accounts" element={<Accounts />} />
        <Route path="*" element={<h2>No such admin section</h2>} />
      </Routes>
    </>
  );
}
