import { registerAccount } from '@dc/client';
import { generateSeedPhrase, identityFromSeedPhrase, seedPhraseProblem } from '@dc/crypto';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ErrorText } from '../components/status';
import { forgetAccount, loadAccounts, type SavedAccount, saveAccount } from '../session/accounts';
import { useSession } from '../session/session';
import { openPhrase, sealPhrase } from '../session/vault';

type Tab = 'saved' | 'create' | 'import';

/** Sign in: unlock a saved account, create a new seed phrase, or import one. */
export default function SignIn() {
  const [saved, setSaved] = useState(loadAccounts);
  const [tab, setTab] = useState<Tab>(saved.length > 0 ? 'saved' : 'create');
  const { session } = useSession();
  const tabs: [Tab, string][] = [
    ['saved', `Saved accounts (${saved.length})`],
    ['create', 'Create an account'],
    ['import', 'Import a seed phrase'],
  ];
  if (session && !session.account) {
    return (
      <>
        <h1>Choose a username</h1>
        <RegisterForm />
      </>
    );
  }
  return (
    <>
      <h1>Sign in</h1>
      <p className="hint">
        Your account is a key derived from a seed phrase. The phrase never leaves this browser: it
        is kept encrypted under your passphrase, or not at all.
      </p>
      <div className="tabs" role="tablist" aria-label="How to sign in">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'saved' ? (
          <SavedAccounts accounts={saved} onForget={() => setSaved(loadAccounts())} />
        ) : tab === 'create' ? (
          <CreatePhrase />
        ) : (
          <ImportPhrase />
        )}
      </section>
    </>
  );
}

/** Goes where sign-in was asked for (`?next=`), else the marketplace. */
function useFinish() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return () => {
    const next = params.get('next');
    navigate(next?.startsWith('/') ? next : '/', { replace: true });
  };
}

function SavedAccounts(props: {
  readonly accounts: SavedAccount[];
  readonly onForget: () => void;
}) {
  if (props.accounts.length === 0) {
    return <p className="muted">No account is saved in this browser yet.</p>;
  }
  return (
    <ul className="grid">
      {props.accounts.map((account) => (
        <li key={account.publicKeyHex} className="card">
          <UnlockForm account={account} onForget={props.onForget} />
        </li>
      ))}
    </ul>
  );
}

function UnlockForm(props: { readonly account: SavedAccount; readonly onForget: () => void }) {
  const { signIn } = useSession();
  const finish = useFinish();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await signIn(await openPhrase(props.account.sealed, passphrase));
      if (session.account) finish();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label={`Unlock ${props.account.label}`}>
      <h2>{props.account.label}</h2>
      <p className="hint mono">key {props.account.publicKeyHex.slice(0, 16)}…</p>
      <label htmlFor={id}>Passphrase</label>
      <input
        id={id}
        type="password"
        autoComplete="current-password"
        value={passphrase}
        onChange={(e) => setPassphrase(e.target.value)}
        required
      />
      <ErrorText error={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            forgetAccount(props.account.publicKeyHex);
            props.onForget();
          }}
        >
          Forget on this device
        </button>
      </div>
    </form>
  );
}

/** Three distinct word positions (0-based) to confirm, in order. */
function pickWords(count: number): number[] {
  const picked = new Set<number>();
  const random = new Uint32Array(1);
  while (picked.size < 3) {
    crypto.getRandomValues(random);
    picked.add((random[0] ?? 0) % count);
  }
  return [...picked].sort((a, b) => a - b);
}

function CreatePhrase() {
  const phrase = useMemo(() => generateSeedPhrase(12), []);
  const words = phrase.split(' ');
  const positions = useMemo(() => pickWords(words.length), [words.length]);
  const [step, setStep] = useState<'show' | 'confirm' | 'keep'>('show');
  const [answers, setAnswers] = useState<string[]>(['', '', '']);
  const [tried, setTried] = useState(false);
  const wrong = positions.map((p, i) => (answers[i] ?? '').trim().toLowerCase() !== words[p]);

  if (step === 'show') {
    return (
      <>
        <h2>Your new seed phrase</h2>
        <p>
          Write these 12 words down, in order, and keep them offline. They are shown only now.
          Anyone with them controls the account; without them it cannot be recovered.
        </p>
        <ol className="phrase" aria-label="Seed phrase">
          {words.map((word, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a phrase may repeat a word
            <li key={i}>{word}</li>
          ))}
        </ol>
        <div className="actions">
          <button type="button" onClick={() => setStep('confirm')}>
            I have written it down
          </button>
        </div>
      </>
    );
  }
  if (step === 'confirm') {
    return (
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (!wrong.some(Boolean)) setStep('keep');
        }}
      >
        <h2>Confirm your phrase</h2>
        <p>Type the words at these positions, from what you wrote down.</p>
        {positions.map((position, i) => (
          <div key={position}>
            <label htmlFor={`confirm-${position}`}>Word {position + 1}</label>
            <input
              id={`confirm-${position}`}
              autoComplete="off"
              spellCheck={false}
              value={answers[i] ?? ''}
              aria-invalid={tried && wrong[i]}
              aria-describedby={tried && wrong[i] ? `confirm-${position}-error` : undefined}
              onChange={(e) => setAnswers(answers.map((a, j) => (j === i ? e.target.value : a)))}
            />
            {tried && wrong[i] ? (
              <p id={`confirm-${position}-error`} className="error">
                That is not word {position + 1}.
              </p>
            ) : null}
          </div>
        ))}
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setStep('show')}>
            Show the phrase again
          </button>
          <button type="submit">Confirm</button>
        </div>
      </form>
    );
  }
  return <KeepAndSignIn phrase={phrase} />;
}

function ImportPhrase() {
  const [phrase, setPhrase] = useState('');
  const [accepted, setAccepted] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const problem = phrase.trim() === '' ? 'enter your 12 or 24 words' : seedPhraseProblem(phrase);
  if (accepted) return <KeepAndSignIn phrase={accepted} />;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setTouched(true);
        if (problem === null) setAccepted(phrase);
      }}
    >
      <label htmlFor="import-phrase">Seed phrase</label>
      <textarea
        id="import-phrase"
        rows={3}
        autoComplete="off"
        spellCheck={false}
        value={phrase}
        onChange={(e) => setPhrase(e.target.value)}
        onBlur={() => setTouched(true)}
        aria-invalid={touched && problem !== null}
        aria-describedby="import-phrase-help"
      />
      <p id="import-phrase-help" className={touched && problem ? 'error' : 'hint'}>
        {touched && problem ? `Not a valid seed phrase: ${problem}` : '12 or 24 words.'}
      </p>
      <div className="actions">
        <button type="submit">Continue</button>
      </div>
    </form>
  );
}

/** How to keep the phrase on this device, then sign in (and register when it is new). */
function KeepAndSignIn({ phrase }: { readonly phrase: string }) {
  const { signIn } = useSession();
  const finish = useFinish();
  const [mode, setMode] = useState<'passphrase' | 'session'>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const tooShort = mode === 'passphrase' && passphrase.length < 8;
  const mismatch = mode === 'passphrase' && passphrase !== repeat;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (tooShort || mismatch) return;
    setBusy(true);
    setError(null);
    try {
      if (mode === 'passphrase') {
        const { publicKeyHex } = identityFromSeedPhrase(phrase);
        saveAccount({
          publicKeyHex,
          label: `key ${publicKeyHex.slice(0, 8)}`,
          sealed: await sealPhrase(phrase, passphrase),
        });
      }
      const session = await signIn(phrase);
      if (session.account) finish();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>Keep this account on this device?</legend>
        <label className="choice">
          <input
            type="radio"
            name="keep"
            checked={mode === 'passphrase'}
            onChange={() => setMode('passphrase')}
          />
          Yes, encrypted with a passphrase
        </label>
        <label className="choice">
          <input
            type="radio"
            name="keep"
            checked={mode === 'session'}
            onChange={() => setMode('session')}
          />
          No, only for this visit (enter the phrase again next time)
        </label>
      </fieldset>
      {mode === 'passphrase' ? (
        <>
          <label htmlFor="passphrase">Passphrase (at least 8 characters)</label>
          <input
            id="passphrase"
            type="password"
            autoComplete="new-password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            aria-invalid={tried && tooShort}
            aria-describedby={tried && tooShort ? 'passphrase-error' : undefined}
          />
          {tried && tooShort ? (
            <p id="passphrase-error" className="error">
              Use at least 8 characters.
            </p>
          ) : null}
          <label htmlFor="passphrase-repeat">Repeat the passphrase</label>
          <input
            id="passphrase-repeat"
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            aria-invalid={tried && mismatch}
            aria-describedby={tried && mismatch ? 'repeat-error' : undefined}
          />
          {tried && mismatch ? (
            <p id="repeat-error" className="error">
              The two passphrases differ.
            </p>
          ) : null}
        </>
      ) : null}
      <ErrorText error={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}

/** Registers an account for a key that has none yet. */
function RegisterForm() {
  const { session, setAccount, signOut } = useSession();
  const finish = useFinish();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!session) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = {
        username: username.trim(),
        ...(displayName.trim() ? { display_name: displayName.trim() } : {}),
      };
      setAccount(await registerAccount(session.client, { body }));
      finish();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit}>
      <p>This key has no account on the platform yet. Pick a public username.</p>
      <label htmlFor="username">Username</label>
      <input
        id="username"
        autoComplete="username"
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        aria-describedby="username-help"
        required
      />
      <p id="username-help" className="hint">
        Lower-case letters, digits and dashes; others see it on your rentals and offerings.
      </p>
      <label htmlFor="display-name">Display name (optional)</label>
      <input
        id="display-name"
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
      />
      <ErrorText error={error} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
        <button type="button" className="secondary" onClick={signOut}>
          Use another key
        </button>
      </div>
    </form>
  );
}
