import { listAgents } from '@dc/client';
import { useQuery } from '@tanstack/react-query';
import { formatTime } from '../../components/money';
import { QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { TableWrap } from './table-wrap';

/** The provider's agents with their delegation state and latest heartbeat. */
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
                <th scope="col">Version</th>
              </tr>
            </thead>
            <tbody>
              {agents.data?.items.map((a) => (
                <tr key={a.agent_pubkey}>
                  <td className="mono">{a.agent_pubkey.slice(0, 16)}…</td>
                  <td>{a.revoked_at ? 'revoked' : a.online ? 'online' : 'offline'}</td>
                  <td>{formatTime(a.last_heartbeat_at)}</td>
                  <td>{a.version ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </QueryState>
    </section>
  );
}
