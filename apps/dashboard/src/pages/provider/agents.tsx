import { type Agent, listAgents, revokeAgent } from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatTime } from '../../components/money';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { TableWrap } from './table-wrap';

/** The provider's agents with their delegation state and latest heartbeat; revoke one. */
export default function Agents() {
  const { client } = useSignedIn();
  const agents = useQuery({
    queryKey: ['agents'],
    queryFn: () => listAgents(client, {}),
    refetchInterval: 10_000,
  });
  return (
    <section aria-labelledby="agents-h">
      <h2 id="agents-h">Agents</h2>
      <QueryState
        loading={agents.isPending}
        error={agents.error}
        empty={agents.data?.items.length === 0}
        emptyText="No agent registered yet."
      >
        <TableWrap label="Agents">
          <table>
            <thead>
              <tr>
                <th scope="col">Agent key</th>
                <th scope="col">Status</th>
                <th scope="col">Last heartbeat</th>
                <th scope="col">Jobs</th>
                <th scope="col">Version</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {agents.data?.items.map((a) => (
                <AgentRow key={a.agent_pubkey} agent={a} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      </QueryState>
    </section>
  );
}

function AgentRow({ agent }: { readonly agent: Agent }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => revokeAgent(client, { pubkey: agent.agent_pubkey }),
    onSuccess: async () => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: ['agents'] });
    },
  });
  const short = `${agent.agent_pubkey.slice(0, 16)}…`;
  const status = agent.revoked_at
    ? 'revoked'
    : agent.online
      ? 'online'
      : agent.last_heartbeat_at === null
        ? 'registered, not run yet'
        : 'offline';
  return (
    <tr data-testid={`agent-${agent.agent_pubkey}`}>
      <td className="mono" title={agent.agent_pubkey}>
        {short}
      </td>
      <td>
        {status}
        {agent.revoked_at ? ` ${formatTime(agent.revoked_at)}` : ''}
      </td>
      <td>{formatTime(agent.last_heartbeat_at)}</td>
      <td>
        {agent.active_jobs === null ? '—' : `${agent.active_jobs} of ${agent.capacity ?? '?'}`}
      </td>
      <td>{agent.version ?? '—'}</td>
      <td>
        {agent.revoked_at ? null : confirming ? (
          <div>
            <p>
              Revoke agent <span className="mono">{short}</span>? Its next request is refused; jobs
              it holds go back to the queue when their lease runs out. To run it again, register it
              with a new setup token.
            </p>
            <ErrorText error={revoke.error} />
            <div className="actions">
              <button
                type="button"
                className="danger"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate()}
              >
                Revoke for good
              </button>
              <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            Revoke…<span className="visually-hidden"> agent {short}</span>
          </button>
        )}
      </td>
    </tr>
  );
}
