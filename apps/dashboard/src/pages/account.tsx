import { Route, Routes } from 'react-router';
import { ApiTokens } from './account/api-tokens';
import { Billing } from './account/billing';
import { Inbox } from './account/inbox';
import { Keys } from './account/keys';
import { NotificationSettings } from './account/notification-settings';
import { Profile } from './account/profile';
import { SectionNav } from './admin/section-nav';

const SECTIONS = [
  { to: '/account', label: 'Profile', end: true },
  { to: '/account/keys', label: 'Keys' },
  { to: '/account/tokens', label: 'API tokens' },
  { to: '/account/billing', label: 'Billing' },
  { to: '/account/notifications', label: 'Inbox', end: true },
  { to: '/account/notifications/settings', label: 'Notification settings' },
];

/** The signed-in account: profile, keys, API tokens, billing and notifications. */
export default function Account() {
  return (
    <>
      <h1>Account</h1>
      <SectionNav label="Account sections" links={SECTIONS} />
      <Routes>
        <Route index element={<Profile />} />
        <Route path="keys" element={<Keys />} />
        <Route path="tokens" element={<ApiTokens />} />
        <Route path="billing" element={<Billing />} />
        <Route path="notifications" element={<Inbox />} />
        <Route path="notifications/settings" element={<NotificationSettings />} />
        <Route path="*" element={<h2>No such account section</h2>} />
      </Routes>
    </>
  );
}
