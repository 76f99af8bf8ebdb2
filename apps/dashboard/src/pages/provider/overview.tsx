import { listMyOfferings, listPools } from '@dc/client';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useSignedIn } from '../../session/session';
import { CsvImport } from './csv-import';
import { AgentSetup, OfferingForm, PoolForm, ProfileForm } from './onboarding-forms';

/**
 * The provider area's start: the onboarding checklist (profile, pool, agent, first offering),
 * then bulk import; the other sections have their own pages.
 */
export default function Overview() {
  const { account, client } = useSignedIn();
  const isProvider = account.is_provider;
  const pools = useQuery({
    queryKey: ['pools'],
    queryFn: () => listPools(client, {}),
    enabled: isProvider,
    refetchInterval: 5_000,
  });
  const offerings = useQuery({
    queryKey: ['my-offerings'],
    queryFn: () => listMyOfferings(client, { limit: 100 }),
    enabled: isProvider,
  });
  const pool = pools.data?.items[0];
  const steps = {
    profile: isProvider,
    pool: pool !== undefined,
    agent: pool?.online === true,
    offering: (offerings.data?.items.length ?? 0) > 0,
  };
  return (
    <>
      <h2>Get started</h2>
      <ol className="checklist" aria-label="Onboarding checklist">
        <Step done={steps.profile} title="1. Provider profile">
          {steps.profile ? <p>@{account.username} is a provider.</p> : <ProfileForm />}
        </Step>
        <Step done={steps.pool} title="2. A pool of servers">
          {!steps.profile ? (
            <p className="muted">After the profile.</p>
          ) : pool ? (
            <p>
              Pool <strong>{pool.name}</strong> ({pool.region}, {pool.provisioner_kinds.join(', ')})
            </p>
          ) : (
            <PoolForm />
          )}
        </Step>
        <Step done={steps.agent} title="3. Connect a dc-agent">
          {pool ? <AgentSetup pool={pool} /> : <p className="muted">After the pool.</p>}
        </Step>
        <Step done={steps.offering} title="4. First offering">
          {steps.offering ? (
            <ul>
              {offerings.data?.items.map((o) => (
                <li key={o.id}>
                  {o.name} {o.draft ? '(draft)' : o.listed ? '(listed)' : '(not listed yet)'}
                </li>
              ))}
            </ul>
          ) : pool ? (
            <OfferingForm pool={pool} />
          ) : (
            <p className="muted">After the pool.</p>
          )}
        </Step>
      </ol>
      {steps.offering ? (
        <p>
          Next: <Link to="/provider/offerings">edit, duplicate or export your offerings</Link> and{' '}
          <Link to="/provider/requests">answer rental requests</Link>.
        </p>
      ) : null}
      {/* Onboarding many offerings at once: the same import as under Offerings. */}
      {isProvider && pool ? <CsvImport /> : null}
    </>
  );
}

function Step(props: {
  readonly done: boolean;
  readonly title: string;
  readonly children: ReactNode;
}) {
  return (
    <li>
      <h3 className={props.done ? 'done' : undefined}>
        {props.title}
        <span className="visually-hidden">{props.done ? ' (done)' : ' (to do)'}</span>
      </h3>
      {props.children}
    </li>
  );
}
