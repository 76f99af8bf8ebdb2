import { useSignedIn } from '../session/session';

/** The signed-in account: its settings, notifications and keys. */
export default function Account() {
  const { account } = useSignedIn();
  return (
    <>
      <h1>Account</h1>
      <p>
        Signed in as <strong>@{account.username}</strong>.
      </p>
    </>
  );
}
