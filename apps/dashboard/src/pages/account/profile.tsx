import { getMe, UpdateAccountBody, updateMe, VerifyEmailBody, verifyEmail } from '@dc/client';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatTime } from '../../components/money';
import { ErrorText } from '../../components/status';
import { useSession, useSignedIn } from '../../session/session';
import { Field } from './field';
import { apiFieldErrors, checkFields, type FieldErrors } from './field-errors';

/** Account, Profile: display name and email, and the emailed code that verifies the email. */
export function Profile() {
  const { account } = useSignedIn();
  return (
    <>
      <h2>Profile</h2>
      <dl className="specs">
        <dt>Username</dt>
        <dd>@{account.username}</dd>
        <dt>Roles</dt>
        <dd>
          {[account.is_admin ? 'admin' : null, account.is_provider ? 'provider' : null, 'renter']
            .filter(Boolean)
            .join(', ')}
        </dd>
        <dt>Account id</dt>
        <dd className="mono">{account.id}</dd>
        <dt>Joined</dt>
        <dd>{formatTime(account.created_at)}</dd>
        <dt>Email</dt>
        <dd data-testid="email-status">
          {account.email === null
            ? 'none'
            : `${account.email} (${account.email_verified ? 'verified' : 'not verified yet'})`}
        </dd>
      </dl>
      <ProfileForm />
      {account.email !== null && !account.email_verified ? <VerifyForm /> : null}
    </>
  );
}

function ProfileForm() {
  const { client, account } = useSignedIn();
  const { setAccount } = useSession();
  const [name, setName] = useState(account.display_name ?? '');
  const [email, setEmail] = useState(account.email ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: async (body: { display_name: string | null; email: string | null }) => {
      await updateMe(client, { body });
      return getMe(client, {});
    },
    onSuccess: setAccount,
    onError: (error) => setErrors(apiFieldErrors(error)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      display_name: name.trim() === '' ? null : name.trim(),
      email: email.trim() === '' ? null : email.trim(),
    };
    const found = checkFields(UpdateAccountBody, body);
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate(body);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="profile-form-h">
      <h3 id="profile-form-h">Change your profile</h3>
      <Field
        id="display-name"
        label="Display name"
        error={errors['display_name']}
        hint="Shown to providers and in messages; 1-80 characters, or empty for none."
      >
        {(a11y) => <input {...a11y} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field
        id="email"
        label="Email"
        error={errors['email']}
        hint="A new address is sent a 6-digit code; empty removes it."
      >
        {(a11y) => (
          <input
            {...a11y}
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
      </Field>
      <ErrorText error={Object.keys(errors).length === 0 ? save.error : null} />
      {save.isSuccess ? (
        <p className="ok" role="status">
          Saved.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          Save profile
        </button>
      </div>
    </form>
  );
}

function VerifyForm() {
  const { client } = useSignedIn();
  const { setAccount } = useSession();
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const verify = useMutation({
    mutationFn: (body: { code: string }) => verifyEmail(client, { body }),
    onSuccess: setAccount,
    onError: (error) => setErrors(apiFieldErrors(error)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { code: code.trim() };
    const found = checkFields(VerifyEmailBody, body);
    setErrors(found);
    if (Object.keys(found).length === 0) verify.mutate(body);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="verify-h">
      <h3 id="verify-h">Verify your email</h3>
      <Field
        id="verify-code"
        label="Code from the email"
        error={errors['code']}
        hint="The 6 digits we sent to your address."
      >
        {(a11y) => (
          <input
            {...a11y}
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        )}
      </Field>
      <ErrorText error={Object.keys(errors).length === 0 ? verify.error : null} />
      <div className="actions">
        <button type="submit" disabled={verify.isPending}>
          Verify
        </button>
      </div>
    </form>
  );
}
